package dev.aibilling.domain.plans;

import dev.aibilling.domain.error.BillingException;
import java.util.Locale;

public enum BillingCycle {
    MONTHLY,
    YEARLY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "monthly" or "yearly", as requests spell it. */
    public static BillingCycle of(String wireName) {
        for (BillingCycle cycle : values()) {
            if (cycle.wireName().equals(wireName)) {
                return cycle;
            }
        }
        throw BillingException.invalid("billingCycle must be \"monthly\" or \"yearly\"");
    }
}
