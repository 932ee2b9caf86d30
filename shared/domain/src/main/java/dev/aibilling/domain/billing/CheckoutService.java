package dev.aibilling.domain.billing;

import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import dev.aibilling.domain.limits.Limits;
import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.plans.PlanPrice;
import dev.aibilling.domain.plans.PlanPrices;
import dev.aibilling.domain.plans.PlanStore;
import dev.aibilling.domain.subscriptions.Subscription;
import dev.aibilling.domain.subscriptions.SubscriptionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Starts a subscription checkout. The price always comes from our catalog; the customer
 * is created once per user; our table is written only after the provider succeeded.
 * A user has at most one open checkout: asking again for the same price hands out the
 * same page (no provider call, so a clicking user cannot spend the account's Stripe rate
 * limit), and another price first closes the old page, so two can never both be paid.
 */
public final class CheckoutService {
    private final PlanStore plans;
    private final SubscriptionStore subscriptions;
    private final CustomerStore customers;
    private final PaymentProvider provider;
    private final String successUrl;
    private final String cancelUrl;
    private final Clock clock;

    public CheckoutService(PlanStore plans, SubscriptionStore subscriptions, CustomerStore customers,
                           PaymentProvider provider, String successUrl, String cancelUrl, Clock clock) {
        this.plans = plans;
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.provider = provider;
        this.successUrl = successUrl;
        this.cancelUrl = cancelUrl;
        this.clock = clock;
    }

    /** {@code planId} or {@code priceId} names what to buy; a price must be one of the catalog's. */
    public CheckoutSession start(String userId, String planId, String priceId, BillingCycle cycle) {
        Limits.userId(userId);
        PlanPrice choice = new PlanPrices(plans.all()).purchasable(planId, priceId, cycle);
        Optional<Subscription> latest = subscriptions.find(userId);
        Optional<Subscription> current = latest.filter(s -> !s.status().terminal());
        if (current.isPresent()) {
            throw new BillingException(ErrorCode.SUBSCRIPTION_EXISTS, current.get().planId().equals(choice.plan().id())
                    ? "You are already subscribed to the " + choice.plan().name() + " plan"
                    : "You already have a subscription; change its plan instead of starting another");
        }
        Instant now = clock.instant();
        Optional<BillingCustomer> customer = customers.find(userId);
        CheckoutSession recorded = customer.map(BillingCustomer::lastCheckout).orElse(null);
        CheckoutSession open = recorded != null && recorded.openAt(now) && !spent(recorded, latest) ? recorded : null;
        if (open != null) {
            if (open.priceId().equals(choice.priceId()) && open.reusableAt(now)) {
                return open;
            }
            if (!provider.expireCheckoutSession(open.id())) {
                throw new BillingException(ErrorCode.SUBSCRIPTION_EXISTS,
                        "Your last checkout was just paid; its subscription is being set up");
            }
        }
        String customerId = customer.map(BillingCustomer::customerId).orElseGet(() -> {
            String created = provider.ensureCustomer(userId);
            customers.save(userId, created);
            return created;
        });
        CheckoutSession session = provider.createCheckoutSession(new CheckoutRequest(userId, customerId,
                choice.plan().id(), choice.cycle(), choice.priceId(), successUrl, cancelUrl));
        if (customers.recordCheckout(userId, session, recorded == null ? null : recorded.id())) {
            return session;
        }
        // a concurrent call recorded its page first: close ours and hand out that one
        provider.expireCheckoutSession(session.id());
        return customers.find(userId).map(BillingCustomer::lastCheckout).orElseThrow();
    }

    /** A subscription seen since the page opened may have come from it: the page is spent. */
    private static boolean spent(CheckoutSession session, Optional<Subscription> latest) {
        return latest.map(s -> !s.observedAt().isBefore(session.createdAt())).orElse(false);
    }
}
