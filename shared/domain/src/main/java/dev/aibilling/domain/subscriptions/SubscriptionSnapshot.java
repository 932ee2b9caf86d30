package dev.aibilling.domain.subscriptions;

import java.time.Instant;

/**
 * A subscription as the provider reported it. {@code userId} comes from the metadata set
 * at checkout, so a subscription can be attributed whatever order its events arrive in.
 */
public record SubscriptionSnapshot(String subscriptionId, String customerId, String userId, SubscriptionStatus status,
                                   String priceId, Instant currentPeriodStart, Instant currentPeriodEnd,
                                   boolean cancelAtPeriodEnd) {
}
