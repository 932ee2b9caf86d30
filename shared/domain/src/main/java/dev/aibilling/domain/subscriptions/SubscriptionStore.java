package dev.aibilling.domain.subscriptions;

import java.util.Optional;

/** Port to the stored subscription of a user. */
public interface SubscriptionStore {
    Optional<Subscription> find(String userId);

    /**
     * Stores the observation and sets the account's plan to {@code accountPlanId} in one
     * transaction, unless a later observation is stored, the stored one has ended
     * (canceled is final), or it would replace another live subscription with an ended
     * one. The account must exist. True when it was stored.
     */
    boolean save(Subscription subscription, String accountPlanId);
}
