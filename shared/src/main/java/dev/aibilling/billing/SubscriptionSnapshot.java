package dev.aibilling.billing;

import java.time.Instant;
import java.util.Set;

/**
 * A subscription as the provider reported it. {@code userId} comes from the metadata set
 * at checkout, so a subscription can be attributed whatever order its events arrive in.
 */
public record SubscriptionSnapshot(String subscriptionId, String customerId, String userId, String status,
                                   String priceId, Instant currentPeriodStart, Instant currentPeriodEnd,
                                   boolean cancelAtPeriodEnd) {
    /** Statuses a subscription never leaves. */
    public static final Set<String> TERMINAL = Set.of("canceled", "incomplete_expired");
    /** Statuses in which the user holds the plan (and may not start a second checkout). */
    public static final Set<String> LIVE = Set.of("active", "trialing", "past_due", "unpaid", "paused", "incomplete");

    public boolean terminal() {
        return TERMINAL.contains(status);
    }
}
