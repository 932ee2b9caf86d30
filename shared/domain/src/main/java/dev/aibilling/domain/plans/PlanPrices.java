package dev.aibilling.domain.plans;

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
}
