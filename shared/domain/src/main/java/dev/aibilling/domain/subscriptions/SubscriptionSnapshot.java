package dev.aibilling.domain.subscriptions;

import java.time.Instant;

/**
 * A subscription as the provider reported it. {@code userId} comes from the metadata set
 * at checkout, so a subscription can be attributed whatever order its events arrive in;
 * {@code itemId} is the item whose price a plan change replaces.
 */
public record SubscriptionSnapshot(String subscriptionId, String customerId, String userId, SubscriptionStatus status,
                                   String priceId, String itemId, Instant currentPeriodStart,
                                   Instant currentPeriodEnd, boolean cancelAtPeriodEnd) {
}
