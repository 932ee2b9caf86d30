package dev.aibilling.domain.plans;

import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.plans.Plan;

/** One purchasable price of a plan. */
public record PlanPrice(Plan plan, BillingCycle cycle, String priceId) {
}
