package dev.aibilling.domain.notifications;

import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.events.DomainEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a balance change crossed below the low-credit threshold: a percentage of the
 * period's allowance (the signup credits before a first period). The event's id names the
 * credit period, so a user is told at most once per period however often the balance
 * dips below and comes back (a support grant) or the change is seen again.
 */
public final class CreditsLowDetector {
    private final int thresholdPercent;

    public CreditsLowDetector(int thresholdPercent) {
        if (thresholdPercent < 1 || thresholdPercent > 99) {
            throw new IllegalArgumentException("The low-credit threshold is a percentage from 1 to 99");
        }
        this.thresholdPercent = thresholdPercent;
    }

    /** A change of the account from {@code before} to {@code after}. */
    public record BalanceMove(String userId, long before, long after, long periodAllowance, Instant periodStart,
                              Instant nextResetAt) {
    }

    public Optional<DomainEvent.CreditsLow> crossing(BalanceMove move, Instant now) {
        long allowance = move.periodAllowance() > 0 ? move.periodAllowance() : CreditLedger.SIGNUP_CREDITS;
        long threshold = allowance * thresholdPercent / 100;
        if (threshold == 0 || move.before() < threshold || move.after() >= threshold) {
            return Optional.empty();
        }
        String period = move.periodStart() == null ? "signup" : Long.toString(move.periodStart().getEpochSecond());
        return Optional.of(new DomainEvent.CreditsLow("credits-low:" + move.userId() + ":" + period, move.userId(),
                now, move.after(), allowance, threshold, move.nextResetAt()));
    }
}
