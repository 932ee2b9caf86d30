package dev.aibilling.domain.payments;

import dev.aibilling.domain.plans.Money;
import java.time.Instant;

/**
 * A payment record, keyed by the provider's invoice id ({@code paymentId}) so a replayed
 * event never duplicates it. {@code invoiceUrl} is the hosted invoice page, which carries
 * the receipt and payment history; {@code invoicePdfUrl} the PDF; {@code receiptUrl} the
 * receipt of the charge that paid it. {@code paymentIntentId}
 * links refunds; {@code creditedPeriod}, for an invoice that opened a credit period, is
 * the period a full refund claws back.
 */
public record Payment(String paymentId, String userId, Money amount, long amountRefunded, PaymentStatus status,
                      String description, String invoiceUrl, String invoicePdfUrl, String receiptUrl,
                      String paymentIntentId, CreditedPeriod creditedPeriod, Instant createdAt) {

    /** The credit period an invoice paid for: the subscription that opened it and its start. */
    public record CreditedPeriod(String subscriptionId, Instant start) {
    }

    /** What may still be refunded, in minor units. */
    public long refundable() {
        return status == PaymentStatus.FAILED ? 0 : amount.amount() - amountRefunded;
    }
}
