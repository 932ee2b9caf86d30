package dev.aibilling.domain.credits;

import dev.aibilling.domain.limits.Limits;
import java.time.Instant;
import java.util.Objects;

/**
 * The start of a billing period: the balance becomes the plan allowance. {@code grantKey}
 * names the period (e.g. the invoice id, or subscription and period start) so that every
 * signal describing the same period resolves to one grant.
 */
public record PeriodReset(String userId, String planId, long allowance, Instant periodStart, Instant periodEnd,
                          String grantKey, String reference) {
    public PeriodReset {
        Limits.userId(userId);
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        Objects.requireNonNull(grantKey, "grantKey");
        if (allowance < 0) {
            throw new IllegalArgumentException("allowance must not be negative");
        }
        if (!periodEnd.isAfter(periodStart)) {
            throw new IllegalArgumentException("periodEnd must be after periodStart");
        }
    }
}
