package dev.aibilling.domain.events;

import java.time.Instant;

/**
 * A fact other systems may react to, published on the event bus with its record name as
 * the detail type and its components as the detail (schema: README, "Domain events").
 * {@code id} is derived from what happened, not from the delivery, so a consumer can drop
 * the rare duplicate. Amounts are minor units with their ISO currency. Every event but
 * the reconciler's report concerns one user ({@code userId}).
 */
public sealed interface DomainEvent {
    String id();

    Instant occurredAt();

    /** The detail type on the bus: the record's name. */
    default String detailType() {
        return getClass().getSimpleName();
    }

    /**
     * A newer observation of the user's subscription was stored. {@code change} says what it
     * changed against the one stored before: started, plan_changed, cancellation_scheduled,
     * resumed, ended, or updated (anything else: a renewal, a status in the retry window).
     */
    record SubscriptionChanged(String id, String userId, Instant occurredAt, String subscriptionId, String status,
                               String planId, String billingCycle, Instant currentPeriodEnd,
                               boolean cancelAtPeriodEnd, String change) implements DomainEvent {
    }

    /** A credit period opened; {@code subscriptionId} is null for the Free plan's monthly refill. */
    record CreditsGranted(String id, String userId, Instant occurredAt, String subscriptionId, String planId,
                          long credits, Instant periodStart, Instant periodEnd) implements DomainEvent {
    }

    /**
     * A paid invoice; the period and plan are null for an invoice that opens no period (a
     * proration). {@code customerEmail} is the address Stripe billed, null if none.
     */
    record PaymentSucceeded(String id, String userId, Instant occurredAt, String invoiceId, long amount,
                            String currency, String hostedInvoiceUrl, String invoicePdfUrl, String receiptUrl,
                            String planId, Instant periodStart, Instant periodEnd, String customerEmail)
            implements DomainEvent {
    }

    record PaymentFailed(String id, String userId, Instant occurredAt, String invoiceId, long amount, String currency,
                         String hostedInvoiceUrl, long attemptCount, Instant nextPaymentAttempt, String customerEmail)
            implements DomainEvent {
    }

    record PaymentRefunded(String id, String userId, Instant occurredAt, String paymentIntentId, long amount,
                           long amountRefunded, String currency) implements DomainEvent {
    }

    /** The balance fell below the low-credit threshold, at most once per credit period. */
    record CreditsLow(String id, String userId, Instant occurredAt, long balance, long allowance, long threshold,
                      Instant nextResetAt) implements DomainEvent {
    }

    /** The reconciler's audit found an account whose balance is not the sum of its ledger, or is negative. */
    record LedgerDiscrepancyFound(String id, String userId, Instant occurredAt, long balance, long ledgerSum,
                                  long entries) implements DomainEvent {
    }

    /** One reconciliation run's report (also a log line and metrics). */
    record ReconciliationCompleted(String id, Instant occurredAt, Instant startedAt, long refills,
                                   long refillsFailed, long eventsApplied, long eventsAlreadyProcessed, long eventsForeign,
                                   String eventFailed, Instant checkpoint, boolean checkpointStale,
                                   long accountsAudited, long auditViolations, long subscriptionsChecked,
                                   long subscriptionsCorrected, boolean complete) implements DomainEvent {
    }
}
