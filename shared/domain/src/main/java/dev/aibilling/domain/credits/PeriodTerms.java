package dev.aibilling.domain.credits;

import java.time.Instant;
import java.util.Objects;

/**
 * How a {@link BalanceChange} relates to the account's credit period: the condition the
 * store checks with the balance, and what it records about the period. Stores handle it
 * through {@link Cases}, so a new kind does not compile until each says what it means.
 */
public sealed interface PeriodTerms {
    <R> R accept(Cases<R> cases);

    interface Cases<R> {
        R opens(Opens terms);

        R raisesAllowance(RaisesAllowance terms);

        R within(Within terms);
    }

    /**
     * Opens a credit period, only if it starts later than the one applied (out-of-order
     * signals change nothing), or at the same instant as a Free period it replaces with a
     * paid one (a renewal paid late, after the Free refill took its place).
     */
    record Opens(Instant start, Instant nextResetAt, long allowance, String source, PeriodReset.NextReset nextReset)
            implements PeriodTerms {
        public Opens {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(nextReset, "nextReset");
            if (!nextResetAt.isAfter(start)) {
                throw new IllegalArgumentException("nextResetAt must be after start");
            }
        }

        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.opens(this);
        }
    }

    /** Raises the allowance of the current period (opened by {@code source} at {@code periodStart}) to a higher one. */
    record RaisesAllowance(String source, Instant periodStart, long allowance) implements PeriodTerms {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.raisesAllowance(this);
        }
    }

    /** Applies only while the period that started at {@code periodStart} is the current one. */
    record Within(Instant periodStart) implements PeriodTerms {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.within(this);
        }
    }
}
