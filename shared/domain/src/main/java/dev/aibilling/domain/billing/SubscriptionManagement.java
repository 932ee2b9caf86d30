package dev.aibilling.domain.billing;

import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import dev.aibilling.domain.limits.Limits;
import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.plans.PlanPrice;
import dev.aibilling.domain.plans.PlanPrices;
import dev.aibilling.domain.plans.PlanStore;
import dev.aibilling.domain.subscriptions.Subscription;
import dev.aibilling.domain.subscriptions.SubscriptionSnapshot;
import dev.aibilling.domain.subscriptions.SubscriptionStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;

/**
 * What a user does with their own subscription: cancel at period end, undo that, change
 * plan, reach the provider's billing portal. A user only ever acts on their own
 * subscription: another id is "not found". Each change is made at the provider under a
 * key built from the subscription, the change and the version of the state it acts on,
 * so a retried call makes one change; the provider's answer is then stored like any
 * observation, and the webhook that follows finds the work done.
 */
public final class SubscriptionManagement {
    private final SubscriptionStore subscriptions;
    private final CustomerStore customers;
    private final PlanStore plans;
    private final SubscriptionObservations observations;
    private final PaymentProvider provider;
    private final String portalReturnUrl;
    private final Clock clock;

    public SubscriptionManagement(SubscriptionStore subscriptions, CustomerStore customers, PlanStore plans,
                                  SubscriptionObservations observations, PaymentProvider provider,
                                  String portalReturnUrl, Clock clock) {
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.plans = plans;
        this.observations = observations;
        this.provider = provider;
        this.portalReturnUrl = portalReturnUrl;
        this.clock = clock;
    }

    /** Cancels at the end of the paid period; credits stay until then. Cancelling twice, or an ended one, is harmless. */
    public Subscription cancel(String userId, String subscriptionId) {
        Subscription current = owned(userId, subscriptionId);
        if (current.status().terminal() || current.cancelAtPeriodEnd()) {
            return current;
        }
        return change(current, SubscriptionUpdate.cancelAtPeriodEnd(subscriptionId, true));
    }

    /** Undoes a pending cancellation; an ended subscription cannot be resumed. */
    public Subscription resume(String userId, String subscriptionId) {
        Subscription current = live(owned(userId, subscriptionId));
        if (!current.cancelAtPeriodEnd()) {
            return current;
        }
        return change(current, SubscriptionUpdate.cancelAtPeriodEnd(subscriptionId, false));
    }

    /**
     * Moves the subscription to another plan or cycle with prorations. An upgrade raises
     * the balance to the new allowance now (once per period); a downgrade keeps what was
     * granted and takes effect with the next period's grant.
     */
    public Subscription changePlan(String userId, String subscriptionId, String planId, BillingCycle cycle) {
        Subscription current = live(owned(userId, subscriptionId));
        PlanPrice target = new PlanPrices(plans.all()).purchasable(planId, null, cycle);
        if (target.priceId().equals(current.priceId())) {
            return current;
        }
        return change(current, SubscriptionUpdate.changePrice(subscriptionId, current.itemId(), target.priceId()));
    }

    /** A billing-portal session (cards, invoices, cancellation, plan switches) for the user's customer. */
    public String billingPortalUrl(String userId) {
        Limits.userId(userId);
        String customerId = customers.customerOf(userId).orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND,
                "You have no billing account yet; subscribe to a plan first"));
        return provider.billingPortalUrl(customerId, portalReturnUrl);
    }

    private Subscription change(Subscription current, SubscriptionUpdate update) {
        String key = "subscription-update:" + current.subscriptionId() + ":" + update.operation() + ":"
                + current.observedAt().toEpochMilli();
        Instant observedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SubscriptionSnapshot snapshot = provider.updateSubscription(update, key);
        // The webhook that follows announces the change: it observes it later, so it is stored
        // then too, and a route never publishes what a signal will.
        observations.apply(current.userId(), snapshot, observedAt, new ArrayList<>());
        Subscription after = subscriptions.find(current.userId()).orElseThrow();
        // the subscription had ended before our record knew: it is stored now, and only a
        // cancellation (which it already is) is answered with it
        return Boolean.TRUE.equals(update.cancelAtPeriodEnd()) ? after : live(after);
    }

    private Subscription owned(String userId, String subscriptionId) {
        Limits.userId(userId);
        return subscriptions.find(userId).filter(s -> s.subscriptionId().equals(subscriptionId))
                .orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "No subscription " + subscriptionId));
    }

    private static Subscription live(Subscription subscription) {
        if (subscription.status().terminal()) {
            throw new BillingException(ErrorCode.SUBSCRIPTION_ENDED, "The subscription has ended ("
                    + subscription.status() + "); start a new one with a checkout");
        }
        return subscription;
    }
}
