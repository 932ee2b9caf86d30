package dev.aibilling.domain.billing;

import dev.aibilling.domain.plans.Money;
import java.time.Instant;

/**
 * What a payment provider's event means to billing, independent of the provider's wire
 * shapes (the Stripe adapter reads them). Subscription changes are only signals: the
 * current state is fetched, so order never matters. Handled through {@link Cases}: a new
 * kind of signal does not compile until the processor says what it does.
 */
public sealed interface BillingSignal {
    /** The provider's id of the event this signal came from; processed once. */
    String signalId();

    <R> R accept(Cases<R> cases);

    interface Cases<R> {
        R checkoutCompleted(CheckoutCompleted signal);

        R subscriptionChanged(SubscriptionChanged signal);

        R invoiceSettled(InvoiceSettled signal);

        R chargeRefunded(ChargeRefunded signal);

        R ignored(Ignored signal);
    }

    /** A checkout finished; {@code paid} when its first invoice is paid (or nothing was due). */
    record CheckoutCompleted(String signalId, String userId, String customerId, String subscriptionId, boolean paid)
            implements BillingSignal {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.checkoutCompleted(this);
        }
    }

    /** Something about a subscription changed; read its current state. */
    record SubscriptionChanged(String signalId, String subscriptionId) implements BillingSignal {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.subscriptionChanged(this);
        }
    }

    /** An invoice was paid ({@code paid}) or a payment attempt on it failed. */
    record InvoiceSettled(String signalId, boolean paid, Invoice invoice) implements BillingSignal {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.invoiceSettled(this);
        }
    }

    record ChargeRefunded(String signalId, String paymentIntentId, Money amount, long amountRefunded)
            implements BillingSignal {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.chargeRefunded(this);
        }
    }

    /** An event billing does not act on: acknowledged and dropped on purpose, never marked processed. */
    record Ignored(String signalId, String reason) implements BillingSignal {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.ignored(this);
        }
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
