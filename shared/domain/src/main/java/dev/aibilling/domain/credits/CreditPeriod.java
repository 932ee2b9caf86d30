package dev.aibilling.domain.credits;

import java.time.Instant;
import java.util.Objects;

/** The credit period a balance change opens: it starts at {@code start}; the next allowance is due at {@code nextResetAt}. */
public record CreditPeriod(Instant start, Instant nextResetAt) {
    public CreditPeriod {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(nextResetAt, "nextResetAt");
        if (!nextResetAt.isAfter(start)) {
            throw new IllegalArgumentException("nextResetAt must be after start");
        }
    }
}
