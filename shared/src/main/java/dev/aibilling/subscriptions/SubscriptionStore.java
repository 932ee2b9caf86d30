package dev.aibilling.subscriptions;

import java.util.Optional;

/** Port to the stored subscription of a user. */
public interface SubscriptionStore {
    Optional<Subscription> find(String userId);
}
