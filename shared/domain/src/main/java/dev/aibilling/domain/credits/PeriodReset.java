package dev.aibilling.domain.credits;

import dev.aibilling.domain.limits.Limits;
import java.time.Instant;
import java.util.Objects;

/**
 * The start of a credit period: the balance becomes the plan allowance. {@code grantKey}
 * names the period (subscription and period start) so that every signal describing the
 * same period resolves to one grant; {@code source} is what opened it: a subscription id,
 * or {@link #FREE_SOURCE} for the Free plan's monthly refill. {@code nextReset} says who
 * opens the period after it: the subscription's next invoice, or the scheduled refill.
 */
public record PeriodReset(String userId, String planId, long allowance, Instant periodStart, Instant periodEnd,
                          String grantKey, String source, NextReset nextReset) {
    public static final String FREE_SOURCE = "free";

    /** Who starts the next credit period when this one ends. */
    public enum NextReset {
        /** A monthly subscription's renewal invoice (and the last month of a yearly one). */
        BY_INVOICE,
        /** The reconciler's monthly refill: the Free plan, and the months inside a yearly subscription. */
        BY_SCHEDULE
    }

    public PeriodReset {
        Limits.userId(userId);
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        Objects.requireNonNull(grantKey, "grantKey");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(nextReset, "nextReset");
        if (allowance < 0) {
            throw new IllegalArgumentException("allowance must not be negative");
        }
        if (!periodEnd.isAfter(periodStart)) {
            throw new IllegalArgumentException("periodEnd must be after periodStart");
        }
    }

    /** The grant key of the credit period {@code source} opens at {@code start}: the same from every signal. */
    public static String grantKey(String source, Instant start) {
        return source + "@" + start.getEpochSecond();
    }
}
