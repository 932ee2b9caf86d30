package dev.aibilling.domain.credits;

import dev.aibilling.domain.limits.Limits;
import java.time.Instant;
import java.util.Objects;

/**
 * The start of a credit period: the balance becomes the plan allowance. {@code grantKey}
 * names the period (subscription and period start) so that every signal describing the
 * same period resolves to one grant; {@code source} is what opened it: a subscription id,
 * or {@link #FREE_SOURCE} for the Free plan's monthly refill.
 */
public record PeriodReset(String userId, String planId, long allowance, Instant periodStart, Instant periodEnd,
                          String grantKey, String source) {
    public static final String FREE_SOURCE = "free";

    public PeriodReset {
        Limits.userId(userId);
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        Objects.requireNonNull(grantKey, "grantKey");
        Objects.requireNonNull(source, "source");
        if (allowance < 0) {
            throw new IllegalArgumentException("allowance must not be negative");
        }
        if (!periodEnd.isAfter(periodStart)) {
            throw new IllegalArgumentException("periodEnd must be after periodStart");
        }
    }
}
