package dev.aibilling.payments;

import dev.aibilling.plans.Money;
import java.time.Instant;

/**
 * A payment record, keyed by the Stripe invoice id so a replayed event never duplicates it.
 * Status: succeeded, failed, refunded or partially_refunded.
 */
public record Payment(String paymentId, Money amount, long amountRefunded, String status, String description,
                      String invoiceUrl, String receiptUrl, Instant createdAt) {
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String REFUNDED = "refunded";
    public static final String PARTIALLY_REFUNDED = "partially_refunded";
}
