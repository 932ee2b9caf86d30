package dev.aibilling.domain.plans;

import java.util.Locale;

public enum BillingCycle {
    MONTHLY,
    YEARLY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
