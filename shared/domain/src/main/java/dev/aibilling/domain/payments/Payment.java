package dev.aibilling.domain.payments;

import dev.aibilling.domain.plans.Money;
import java.time.Instant;

/**
 * A payment record, keyed by the provider's invoice id so a replayed event never
 * duplicates it. {@code invoiceUrl} is the hosted invoice page, which carries the receipt
 * and payment history; {@code invoicePdfUrl} the PDF.
 */
public record Payment(String paymentId, Money amount, long amountRefunded, PaymentStatus status, String description,
                      String invoiceUrl, String invoicePdfUrl, Instant createdAt) {
}
