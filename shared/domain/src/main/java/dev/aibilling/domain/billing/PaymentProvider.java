package dev.aibilling.domain.billing;

import dev.aibilling.domain.subscriptions.SubscriptionSnapshot;
import java.util.Optional;

/**
 * Port to the payment provider (Stripe). Implementations turn provider failures into
 * BillingExceptions: PAYMENT_PROVIDER_RATE_LIMITED or PAYMENT_PROVIDER_UNAVAILABLE.
 */
public interface PaymentProvider {
    /** The provider's customer for this user; the same one however often, and however concurrently, asked. */
    String ensureCustomer(String userId);

    CheckoutSession createCheckoutSession(CheckoutRequest request);

    /** The subscription as the provider knows it now. */
    SubscriptionSnapshot subscription(String subscriptionId);

    /** The payment intent that paid an invoice, if one did. */
    Optional<String> paymentIntentOfInvoice(String invoiceId);
}
