package dev.aibilling.domain.billing;

import dev.aibilling.domain.subscriptions.SubscriptionSnapshot;

/**
 * Port to the payment provider (Stripe). Implementations turn provider failures into
 * BillingExceptions: PAYMENT_PROVIDER_RATE_LIMITED, PAYMENT_PROVIDER_UNAVAILABLE, or
 * IDEMPOTENCY_CONFLICT when a key comes back with other parameters. Every call that
 * changes something takes an idempotency key, so a retry makes no second change.
 */
public interface PaymentProvider {
    /** The detail of a REFUND_EXCEEDS_PAYMENT from {@link #refund}: the charge's refunded total now. */
    String CHARGE_AMOUNT_REFUNDED = "chargeAmountRefunded";

    /** The provider's customer for this user; the same one however often, and however concurrently, asked. */
    String ensureCustomer(String userId);

    CheckoutSession createCheckoutSession(CheckoutRequest request);

    /**
     * Closes an open checkout so it can no longer be paid. False if it was not open any more
     * (paid, or already expired).
     */
    boolean expireCheckoutSession(String sessionId);

    /** The subscription as the provider knows it now. */
    SubscriptionSnapshot subscription(String subscriptionId);

    /**
     * Applies the update and returns the subscription as it is after it. A subscription that
     * has ended cannot change: the provider's refusal is then answered with its ended state.
     */
    SubscriptionSnapshot updateSubscription(SubscriptionUpdate update, String idempotencyKey);

    /** A billing-portal session of the customer; the user comes back to {@code returnUrl}. */
    String billingPortalUrl(String customerId, String returnUrl);

    /**
     * Refunds part of a payment. When the charge has less left than asked (refunds made
     * elsewhere, not yet observed here), throws REFUND_EXCEEDS_PAYMENT with the charge's
     * refunded total under {@link #CHARGE_AMOUNT_REFUNDED}.
     */
    RefundResult refund(RefundRequest request, String idempotencyKey);
}
