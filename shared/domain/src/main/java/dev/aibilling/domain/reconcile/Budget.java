package dev.aibilling.domain.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The time a run may use: work stops before the deadline and what is left waits for the next run. */
public record Budget(Clock clock, Instant deadline) {
    public boolean exhausted() {
        return !clock.instant().isBefore(deadline);
    }

    /** The first {@code percent} of what is left: a step that may not starve the ones after it. */
    public Budget share(int percent) {
        if (deadline.equals(Instant.MAX)) {
            return this;
        }
        Instant now = clock.instant();
        Duration left = now.isBefore(deadline) ? Duration.between(now, deadline) : Duration.ZERO;
        return new Budget(clock, now.plus(left.multipliedBy(percent).dividedBy(100)));
    }
}
