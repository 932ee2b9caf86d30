package dev.aibilling.payments;

import dev.aibilling.plans.Money;
import java.time.Instant;

/** A payment record, keyed by the Stripe id so a replayed event never duplicates it. */
public record Payment(String paymentId, Money amount, String status, String description, String invoiceUrl,
                      String receiptUrl, Instant createdAt) {
}
