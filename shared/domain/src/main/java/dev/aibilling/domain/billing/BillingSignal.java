package dev.aibilling.domain.billing;

import dev.aibilling.domain.plans.Money;
import dev.aibilling.domain.subscriptions.SubscriptionSnapshot;
import java.time.Instant;

/**
 * What a provider's notice means to billing, read from the object as the provider has it
 * now. Every signal names the provider customer it concerns: a notice is ours only when
 * that customer is one we created. Handled through {@link Cases}: a new kind of signal
 * does not compile until the processor says what it does.
 */
public sealed interface BillingSignal {
    /** The provider's id of the notice this signal came from; processed once. */
    String signalId();

    /** The provider's customer the object belongs to (null for an object with none). */
    String customerId();

    <R> R accept(Cases<R> cases);

    interface Cases<R> {
        R checkoutCompleted(CheckoutCompleted signal);

        R subscriptionChanged(SubscriptionChanged signal);

        R invoiceSettled(InvoiceSettled signal);

        R chargeRefunded(ChargeRefunded signal);

        R ignored(Ignored signal);
    }

    /**
     * A subscription checkout finished; {@code paid} when its first invoice is paid (or
     * nothing was due). {@code clientReferenceId} and {@code metadataUserId} are what the
     * session says about the user; they must agree with the customer's owner.
     */
    /** {@code customerEmail}: the address Checkout collected, if any. */
    record CheckoutCompleted(String signalId, String customerId, String clientReferenceId, String metadataUserId,
                             SubscriptionSnapshot subscription, boolean paid, String customerEmail)
            implements BillingSignal {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.checkoutCompleted(this);
        }
    }

    /** The subscription as it is now (the notice was only a signal that something changed). */
    record SubscriptionChanged(String signalId, SubscriptionSnapshot subscription) implements BillingSignal {
        @Override
        public String customerId() {
            return subscription.customerId();
        }

        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.subscriptionChanged(this);
        }
    }

    /**
     * An invoice as it is now, after a notice that it was paid or that an attempt to pay it
     * failed ({@code attemptFailed}). An invoice paid by now is handled as paid, whatever
     * the notice said.
     */
    record InvoiceSettled(String signalId, boolean attemptFailed, Invoice invoice) implements BillingSignal {
        @Override
        public String customerId() {
            return invoice.customerId();
        }

        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.invoiceSettled(this);
        }
    }

    /** A charge's refunded total as it is now. */
    record ChargeRefunded(String signalId, String customerId, String paymentIntentId, Money amount,
                          long amountRefunded) implements BillingSignal {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.chargeRefunded(this);
        }
    }

    /** An object billing does not act on (a one-time payment's checkout): acknowledged, never marked processed. */
    record Ignored(String signalId, String customerId, String reason) implements BillingSignal {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.ignored(this);
        }
    }

    /**
     * An invoice as billing needs it: the price and period of its subscription line; once
     * paid, the payment intent that paid it and the charge's receipt; and its subscription
     * as it is now (null for an invoice of no subscription). {@code customerEmail} is the
     * address Stripe billed (null when the customer has none).
     */
    record Invoice(String invoiceId, String customerId, String customerEmail, String subscriptionId,
                   String billingReason, boolean paid, Money amount, String priceId, Instant periodStart, Instant periodEnd, String description,
                   String hostedInvoiceUrl, String invoicePdf, String paymentIntentId, String receiptUrl,
                   Instant created, long attemptCount, Instant nextPaymentAttempt,
                   SubscriptionSnapshot subscription) {
    }
}
