package dev.aibilling.subscriptions;

import dev.aibilling.plans.BillingCycle;
import java.time.Instant;

/** A user's Stripe subscription as last applied from Stripe (written by the webhook processor). */
public record Subscription(String userId, String subscriptionId, String status, String planId,
                           BillingCycle billingCycle, Instant currentPeriodStart, Instant currentPeriodEnd,
                           boolean cancelAtPeriodEnd, Instant updatedAt) {
}
