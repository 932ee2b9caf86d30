package dev.aibilling.domain.plans;

import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import java.util.List;
import java.util.Optional;

/** Lookups over the catalog: a plan by id, and the plan and cycle a provider price belongs to. */
public final class PlanPrices {
    private final List<Plan> plans;

    public PlanPrices(List<Plan> plans) {
        this.plans = List.copyOf(plans);
    }

    public Optional<Plan> plan(String planId) {
        return plans.stream().filter(p -> p.id().equals(planId)).findFirst();
    }

    public Optional<PlanPrice> byPriceId(String priceId) {
        for (Plan plan : plans) {
            for (BillingCycle cycle : BillingCycle.values()) {
                if (priceId != null && priceId.equals(plan.priceId(cycle))) {
                    return Optional.of(new PlanPrice(plan, cycle, priceId));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The price a user may buy or change to: {@code planId} and {@code cycle}, or a
     * {@code priceId} that must be one of the catalog's. Free, retired and unpriced plans
     * are not purchasable.
     */
    public PlanPrice purchasable(String planId, String priceId, BillingCycle cycle) {
        PlanPrice choice;
        if (priceId != null) {
            choice = byPriceId(priceId).orElseThrow(() -> new BillingException(ErrorCode.PLAN_NOT_AVAILABLE,
                    "priceId is not a price of this product's plans"));
            if (cycle != null && cycle != choice.cycle()) {
                throw BillingException.invalid("billingCycle does not match the price's cycle");
            }
        } else {
            Plan plan = plan(planId).orElseThrow(() -> new BillingException(ErrorCode.PLAN_NOT_AVAILABLE,
                    "Unknown plan '" + planId + "'"));
            choice = new PlanPrice(plan, cycle, plan.priceId(cycle));
        }
        if (!choice.plan().active()) {
            throw new BillingException(ErrorCode.PLAN_NOT_AVAILABLE, "The " + choice.plan().name()
                    + " plan is no longer offered");
        }
        if (choice.plan().monthlyPrice().amount() == 0) {
            throw new BillingException(ErrorCode.PLAN_NOT_AVAILABLE, "The " + choice.plan().name()
                    + " plan needs no subscription; cancel the subscription to return to it");
        }
        if (choice.priceId() == null) {
            throw new BillingException(ErrorCode.PLAN_NOT_AVAILABLE, "The " + choice.plan().name() + " plan has no "
                    + choice.cycle().wireName() + " price configured");
        }
        return choice;
    }
}
