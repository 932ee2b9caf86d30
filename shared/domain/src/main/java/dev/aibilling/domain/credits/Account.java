package dev.aibilling.domain.credits;

import java.time.Instant;

/**
 * A user's credit account. {@code planId} follows the user's subscription (Free when none
 * entitles). The current credit period started at {@code periodStart} (null until the
 * first one), was opened by {@code periodSource} (a subscription id, or
 * {@link PeriodReset#FREE_SOURCE}) with {@code periodAllowance} credits, and the next
 * allowance is due at {@code nextResetAt}.
 */
public record Account(String userId, long balance, String planId, Instant periodStart, Instant nextResetAt,
                      long periodAllowance, String periodSource, Instant createdAt) {
}
