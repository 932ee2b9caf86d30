package dev.aibilling.billing;

import dev.aibilling.plans.Money;
import java.time.Instant;

/**
 * What a provider event means to billing, independent of the provider's wire shapes.
 * Subscription events are only signals: the current state is fetched, so order never
 * matters.
 */
public sealed interface BillingEvent {
    String eventId();

    /** A checkout finished; {@code paid} when its first invoice is paid (or nothing was due). */
    record CheckoutCompleted(String eventId, String userId, String customerId, String subscriptionId, boolean paid)
            implements BillingEvent {
    }

    /** Something about a subscription changed; read its current state. */
    record SubscriptionSignal(String eventId, String subscriptionId) implements BillingEvent {
    }

    /** An invoice was paid ({@code paid}) or a payment attempt on it failed. */
    record InvoiceSettled(String eventId, boolean paid, Invoice invoice) implements BillingEvent {
    }

    record ChargeRefunded(String eventId, String paymentIntentId, Money amount, long amountRefunded)
            implements BillingEvent {
    }

    /** A type billing does not act on: acknowledged and dropped on purpose. */
    record Ignored(String eventId, String type) implements BillingEvent {
    }

    /**
     * An invoice as billing needs it. {@code userId} is the subscription metadata copied onto
     * the invoice (null for invoices of subscriptions made elsewhere); the price and period
     * are those of the subscription line.
     */
    record Invoice(String invoiceId, String customerId, String subscriptionId, String userId, String billingReason,
                   Money amount, String priceId, Instant periodStart, Instant periodEnd, String description,
                   String hostedInvoiceUrl, String invoicePdf, Instant created, long attemptCount,
                   Instant nextPaymentAttempt) {
    }
}
