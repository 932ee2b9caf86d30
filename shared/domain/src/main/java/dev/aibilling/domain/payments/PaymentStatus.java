package dev.aibilling.domain.payments;

import java.util.Locale;

public enum PaymentStatus {
    SUCCEEDED,
    FAILED,
    PARTIALLY_REFUNDED,
    REFUNDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of a paid amount once {@code refunded} of it went back. */
    public static PaymentStatus afterRefund(long amount, long refunded) {
        if (refunded <= 0) {
            return SUCCEEDED;
        }
        return refunded >= amount ? REFUNDED : PARTIALLY_REFUNDED;
    }
}
