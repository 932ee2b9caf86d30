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
import java.util.Optional;

/**
 * Starts a subscription checkout. The price always comes from our catalog; the customer
 * is created once per user; our table is written only after the provider succeeded.
 */
public final class CheckoutService {
    private final PlanStore plans;
    private final SubscriptionStore subscriptions;
    private final CustomerStore customers;
    private final PaymentProvider provider;
    private final String successUrl;
    private final String cancelUrl;

    public CheckoutService(PlanStore plans, SubscriptionStore subscriptions, CustomerStore customers,
                           PaymentProvider provider, String successUrl, String cancelUrl) {
        this.plans = plans;
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.provider = provider;
        this.successUrl = successUrl;
        this.cancelUrl = cancelUrl;
    }

    /** {@code planId} or {@code priceId} names what to buy; a price must be one of the catalog's. */
    public CheckoutSession start(String userId, String planId, String priceId, BillingCycle cycle) {
        Limits.userId(userId);
        PlanPrice choice = new PlanPrices(plans.all()).purchasable(planId, priceId, cycle);
        Optional<Subscription> current = subscriptions.find(userId)
                .filter(s -> !s.status().terminal());
        if (current.isPresent()) {
            throw new BillingException(ErrorCode.SUBSCRIPTION_EXISTS, current.get().planId().equals(choice.plan().id())
                    ? "You are already subscribed to the " + choice.plan().name() + " plan"
                    : "You already have a subscription; change its plan instead of starting another");
        }
        String customerId = customers.customerOf(userId).orElseGet(() -> {
            String created = provider.ensureCustomer(userId);
            customers.save(userId, created);
            return created;
        });
        return provider.createCheckoutSession(new CheckoutRequest(userId, customerId, choice.plan().id(),
                choice.cycle(), choice.priceId(), successUrl, cancelUrl));
    }
}
