package dev.aibilling.domain.events;

import java.time.Instant;

/**
 * A fact other systems may react to, published on the event bus with its record name as
 * the detail type and its components as the detail (schema: README, "Domain events").
 * {@code id} is derived from what happened, not from the delivery, so a consumer can drop
 * the rare duplicate. Amounts are minor units with their ISO currency.
 */
public sealed interface DomainEvent {
    String id();

    String userId();

    Instant occurredAt();

    /** The detail type on the bus: the record's name. */
    default String detailType() {
        return getClass().getSimpleName();
    }

    record SubscriptionChanged(String id, String userId, Instant occurredAt, String subscriptionId, String status,
                               String planId, String billingCycle, Instant currentPeriodEnd,
                               boolean cancelAtPeriodEnd) implements DomainEvent {
    }

    record CreditsGranted(String id, String userId, Instant occurredAt, String subscriptionId, String planId,
                          long credits, Instant periodStart, Instant periodEnd) implements DomainEvent {
    }

    record PaymentSucceeded(String id, String userId, Instant occurredAt, String invoiceId, long amount,
                            String currency, String hostedInvoiceUrl) implements DomainEvent {
    }

    record PaymentFailed(String id, String userId, Instant occurredAt, String invoiceId, long amount, String currency,
                         String hostedInvoiceUrl, long attemptCount, Instant nextPaymentAttempt)
            implements DomainEvent {
    }

    record PaymentRefunded(String id, String userId, Instant occurredAt, String paymentIntentId, long amount,
                           long amountRefunded, String currency) implements DomainEvent {
    }
}
