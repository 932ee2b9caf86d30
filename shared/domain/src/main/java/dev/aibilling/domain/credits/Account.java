package dev.aibilling.domain.credits;

import java.time.Instant;

/**
 * A user's credit account. {@code periodStart} is the start of the billing period whose
 * reset was applied last (null until the first one); {@code nextResetAt} is when the
 * next allowance is due.
 */
public record Account(String userId, long balance, String planId, Instant periodStart, Instant nextResetAt,
                      Instant createdAt) {
}
