package dev.aibilling.domain.billing;

import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.plans.CachedPlans;
import dev.aibilling.domain.plans.PlanCatalog;
import dev.aibilling.domain.plans.PlanPrice;
import dev.aibilling.domain.subscriptions.Subscription;
import dev.aibilling.domain.subscriptions.SubscriptionSnapshot;
import dev.aibilling.domain.subscriptions.SubscriptionStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an observation of a provider subscription does, whoever made it (the webhook
 * processor, or the route that changed the subscription): it is stored if it is the
 * newest, the account's plan is set from it in the same write (the subscription's plan
 * while it entitles, Free otherwise), and an upgrade within the period raises the
 * balance once. The account's plan therefore follows the newest stored state, whatever
 * order signals arrive in.
 */
public final class SubscriptionObservations {
    private final SubscriptionStore subscriptions;
    private final CachedPlans plans;
    private final CreditLedger ledger;

    public SubscriptionObservations(SubscriptionStore subscriptions, CachedPlans plans, CreditLedger ledger) {
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.ledger = ledger;
    }

    /**
     * Applies the observation made at {@code observedAt} (taken before the provider was
     * asked, so that a later observation always wins) and adds the announcement to
     * {@code published} if it was stored. Returns the plan and cycle of its price.
     */
    public PlanPrice apply(String userId, SubscriptionSnapshot snapshot, Instant observedAt,
                           List<DomainEvent> published) {
        PlanPrice price = planOf(snapshot.priceId());
        Subscription subscription = new Subscription(userId, snapshot.subscriptionId(), snapshot.status(),
                price.plan().id(), price.cycle(), snapshot.priceId(), snapshot.itemId(),
                snapshot.currentPeriodStart(), snapshot.currentPeriodEnd(), snapshot.cancelAtPeriodEnd(), observedAt);
        boolean entitles = snapshot.status().entitlesToPlan();
        ledger.account(userId);
        Optional<Subscription> previous = subscriptions.find(userId);
        if (!subscriptions.save(subscription, entitles ? price.plan().id() : PlanCatalog.FREE)) {
            return price;
        }
        if (entitles) {
            ledger.raiseAllowance(userId, snapshot.subscriptionId(), price.plan().id(), price.plan().creditsPerMonth());
        }
        published.add(new DomainEvent.SubscriptionChanged("subscription-changed:" + snapshot.subscriptionId() + ":"
                + snapshot.status() + ":" + snapshot.priceId() + ":" + snapshot.currentPeriodStart().getEpochSecond()
                + ":" + snapshot.cancelAtPeriodEnd(), userId, observedAt, snapshot.subscriptionId(),
                snapshot.status().wireName(), price.plan().id(), price.cycle().wireName(),
                snapshot.currentPeriodEnd(), snapshot.cancelAtPeriodEnd(), change(previous, subscription)));
        return price;
    }

    /** What the observation changed against the one stored before it (the notification a user gets). */
    static String change(Optional<Subscription> previous, Subscription now) {
        if (previous.isEmpty() || !previous.get().subscriptionId().equals(now.subscriptionId())) {
            return now.status().entitlesToPlan() ? "started" : "updated";
        }
        Subscription before = previous.get();
        if (now.status().terminal() && !before.status().terminal()) {
            return "ended";
        }
        if (!before.priceId().equals(now.priceId())) {
            return "plan_changed";
        }
        if (!before.cancelAtPeriodEnd() && now.cancelAtPeriodEnd()) {
            return "cancellation_scheduled";
        }
        if (before.cancelAtPeriodEnd() && !now.cancelAtPeriodEnd() && !now.status().terminal()) {
            return "resumed";
        }
        return "updated";
    }

    /** The plan and cycle of a catalog price, if it is one. */
    public Optional<PlanPrice> findPlan(String priceId) {
        return priceId == null ? Optional.empty() : plans.byPriceId(priceId);
    }

    public PlanPrice planOf(String priceId) {
        return plans.byPriceId(priceId).orElseThrow(() -> new IllegalStateException(
                "Price " + priceId + " belongs to no plan of the catalog; seed the plans with this price id"));
    }
}
