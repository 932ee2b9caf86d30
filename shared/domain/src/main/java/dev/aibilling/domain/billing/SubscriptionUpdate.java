package dev.aibilling.domain.billing;

import java.util.Objects;

/**
 * A change asked of the provider's subscription: cancel at period end, undo that, or move
 * the item to another price with prorations. {@code operation} names it in the
 * idempotency key.
 */
public record SubscriptionUpdate(String subscriptionId, Boolean cancelAtPeriodEnd, String itemId, String priceId) {
    public SubscriptionUpdate {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        if ((cancelAtPeriodEnd == null) == (priceId == null)) {
            throw new IllegalArgumentException("An update either cancels/resumes or changes the price");
        }
        if (priceId != null && itemId == null) {
            throw new IllegalArgumentException("A price change names the item it changes");
        }
    }

    public static SubscriptionUpdate cancelAtPeriodEnd(String subscriptionId, boolean cancel) {
        return new SubscriptionUpdate(subscriptionId, cancel, null, null);
    }

    public static SubscriptionUpdate changePrice(String subscriptionId, String itemId, String priceId) {
        return new SubscriptionUpdate(subscriptionId, null, itemId, priceId);
    }

    public String operation() {
        return priceId != null ? "price-" + priceId : cancelAtPeriodEnd ? "cancel" : "resume";
    }
}
