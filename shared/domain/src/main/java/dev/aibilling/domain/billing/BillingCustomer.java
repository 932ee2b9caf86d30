package dev.aibilling.domain.billing;

/** A user's customer at the provider, and the checkout last opened for it (null if none). */
public record BillingCustomer(String customerId, CheckoutSession lastCheckout) {
}
