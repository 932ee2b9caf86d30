package dev.aibilling.domain.subscriptions;

import dev.aibilling.domain.plans.BillingCycle;
import java.time.Instant;

/** A user's subscription as last applied from the provider (written by the webhook processor). */
public record Subscription(String userId, String subscriptionId, SubscriptionStatus status, String planId,
                           BillingCycle billingCycle, Instant currentPeriodStart, Instant currentPeriodEnd,
                           boolean cancelAtPeriodEnd, Instant updatedAt) {
}
