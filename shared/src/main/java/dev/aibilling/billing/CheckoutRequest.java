package dev.aibilling.billing;

import dev.aibilling.plans.BillingCycle;

public record CheckoutRequest(String userId, String customerId, String planId, BillingCycle cycle, String priceId,
                              String successUrl, String cancelUrl) {
}
