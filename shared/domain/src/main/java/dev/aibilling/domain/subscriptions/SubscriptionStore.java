package dev.aibilling.domain.subscriptions;

import java.time.Instant;
import java.util.Optional;

/** Port to the stored subscription of a user. */
public interface SubscriptionStore {
    Optional<Subscription> find(String userId);

    /**
     * Stores the subscription as observed at {@code observedAt}, unless a later observation
     * is stored, the stored one has ended (canceled is final), or it would replace another
     * live subscription with an ended one. True when it was stored.
     */
    boolean save(Subscription subscription, Instant observedAt);
}
