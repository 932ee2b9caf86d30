package dev.aibilling.domain.subscriptions;

import dev.aibilling.domain.plans.BillingCycle;
import java.time.Instant;

/**
 * A user's subscription as last observed at the provider (by the webhook processor or by
 * the route that changed it). {@code observedAt} orders observations: a newer one
 * replaces an older one, and it versions the route calls that act on this state.
 */
public record Subscription(String userId, String subscriptionId, SubscriptionStatus status, String planId,
                           BillingCycle billingCycle, String priceId, String itemId, Instant currentPeriodStart,
                           Instant currentPeriodEnd, boolean cancelAtPeriodEnd, Instant observedAt) {
}
