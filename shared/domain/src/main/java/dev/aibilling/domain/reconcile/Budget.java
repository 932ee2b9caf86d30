package dev.aibilling.domain.reconcile;

import java.time.Clock;
import java.time.Instant;

/** The time a run may use: work stops before the deadline and what is left waits for the next run. */
public record Budget(Clock clock, Instant deadline) {
    public boolean exhausted() {
        return !clock.instant().isBefore(deadline);
    }
}
