package dev.aibilling.billing;

import dev.aibilling.plans.BillingCycle;
import dev.aibilling.plans.Plan;

/** One purchasable price of a plan. */
public record PlanPrice(Plan plan, BillingCycle cycle, String priceId) {
}
