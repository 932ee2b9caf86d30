package dev.aibilling.domain.plans;

import java.util.List;

/**
 * A plan of the catalog, as the seed describes it, with prices in minor units and the
 * Stripe price id of each paid price (null for the Free plan, or when not configured).
 * {@code chatsPerMonth} and {@code pdfsPerChat} use -1 for unlimited.
 */
public record Plan(String id, String name, String description, Money monthlyPrice, Money yearlyPrice,
                   int chatsPerMonth, int pdfsPerChat, long creditsPerMonth, List<String> features, boolean active,
                   String monthlyPriceId, String yearlyPriceId) {
    public static final int UNLIMITED = -1;

    public Plan {
        features = List.copyOf(features);
    }

    public String priceId(BillingCycle cycle) {
        return cycle == BillingCycle.MONTHLY ? monthlyPriceId : yearlyPriceId;
    }
}
