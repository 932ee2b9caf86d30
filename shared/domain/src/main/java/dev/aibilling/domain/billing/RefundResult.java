package dev.aibilling.domain.billing;

import java.time.Instant;

/**
 * A refund the provider made: its id and status, and the charge's refunded total after
 * it (what the payment record is raised to, the same number the refund webhook carries).
 */
public record RefundResult(String refundId, String status, long chargeAmountRefunded, Instant created) {
}
