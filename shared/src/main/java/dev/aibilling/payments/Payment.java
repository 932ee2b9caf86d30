package dev.aibilling.payments;

import dev.aibilling.plans.Money;
import java.time.Instant;

/**
 * A payment record, keyed by the Stripe invoice id so a replayed event never duplicates it.
 * Status: succeeded, failed, refunded or partially_refunded. {@code invoiceUrl} is Stripe's
 * hosted invoice page, which carries the receipt and payment history; {@code invoicePdfUrl}
 * the PDF.
 */
public record Payment(String paymentId, Money amount, long amountRefunded, String status, String description,
                      String invoiceUrl, String invoicePdfUrl, Instant createdAt) {
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String REFUNDED = "refunded";
    public static final String PARTIALLY_REFUNDED = "partially_refunded";
}
