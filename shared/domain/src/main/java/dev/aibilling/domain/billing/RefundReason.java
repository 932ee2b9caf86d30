package dev.aibilling.domain.billing;

import dev.aibilling.domain.error.BillingException;
import java.util.Arrays;
import java.util.Locale;

/** The reasons the provider accepts for a refund (Stripe's set). */
public enum RefundReason {
    DUPLICATE,
    FRAUDULENT,
    REQUESTED_BY_CUSTOMER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RefundReason of(String wireName) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(wireName)).findFirst()
                .orElseThrow(() -> BillingException.invalid("reason must be one of duplicate, fraudulent, "
                        + "requested_by_customer"));
    }
}
