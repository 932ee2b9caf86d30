package dev.aibilling.domain.reconcile;

import dev.aibilling.domain.billing.PaymentProvider;
import dev.aibilling.domain.billing.SubscriptionObservations;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.subscriptions.Subscription;
import dev.aibilling.domain.subscriptions.SubscriptionSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Compares a live subscription of ours with the provider's current object. Where they
 * differ (a lost cancellation, a plan change made in the dashboard), the provider's
 * object is applied through the same observation rules as a webhook: stored as the
 * newest, the account's plan following it.
 */
public final class SubscriptionDrift {
    private final PaymentProvider provider;
    private final SubscriptionObservations observations;
    private final Clock clock;

    public SubscriptionDrift(PaymentProvider provider, SubscriptionObservations observations, Clock clock) {
        this.provider = provider;
        this.observations = observations;
        this.clock = clock;
    }

    /** What was corrected, if anything: "status active -> canceled" and the like; null when ours agreed. */
    public String check(Subscription ours, List<DomainEvent> published) {
        // taken before the read, as the webhook path does: a later observation always wins
        Instant readAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SubscriptionSnapshot theirs = provider.subscription(ours.subscriptionId());
        String difference = difference(ours, theirs);
        if (difference != null) {
            observations.apply(ours.userId(), theirs, readAt, published);
        }
        return difference;
    }

    private static String difference(Subscription ours, SubscriptionSnapshot theirs) {
        if (!ours.status().equals(theirs.status())) {
            return "status " + ours.status() + " -> " + theirs.status();
        }
        if (!ours.priceId().equals(theirs.priceId())) {
            return "price " + ours.priceId() + " -> " + theirs.priceId();
        }
        if (!ours.currentPeriodEnd().equals(theirs.currentPeriodEnd())) {
            return "period end " + ours.currentPeriodEnd() + " -> " + theirs.currentPeriodEnd();
        }
        if (ours.cancelAtPeriodEnd() != theirs.cancelAtPeriodEnd()) {
            return "cancel at period end " + ours.cancelAtPeriodEnd() + " -> " + theirs.cancelAtPeriodEnd();
        }
        return null;
    }
}
