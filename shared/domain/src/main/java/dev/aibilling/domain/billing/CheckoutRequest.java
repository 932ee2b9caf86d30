package dev.aibilling.domain.billing;

import dev.aibilling.domain.plans.BillingCycle;

public record CheckoutRequest(String userId, String customerId, String planId, BillingCycle cycle, String priceId,
                              String successUrl, String cancelUrl) {
}
