package dev.aibilling.adapter.runtime;

import dev.aibilling.domain.plans.PriceIds;

/** The settings that name the Stripe price ids of the paid plans (template parameters, seeding properties). */
public final class PriceIdSettings {
    public static final String PRO_MONTHLY = "STRIPE_PRO_MONTHLY_PRICE_ID";
    public static final String PRO_YEARLY = "STRIPE_PRO_YEARLY_PRICE_ID";
    public static final String BUSINESS_MONTHLY = "STRIPE_BUSINESS_MONTHLY_PRICE_ID";
    public static final String BUSINESS_YEARLY = "STRIPE_BUSINESS_YEARLY_PRICE_ID";

    private PriceIdSettings() {
    }

    public static PriceIds from(Config config) {
        return new PriceIds(config.optional(PRO_MONTHLY).orElse(null), config.optional(PRO_YEARLY).orElse(null),
                config.optional(BUSINESS_MONTHLY).orElse(null), config.optional(BUSINESS_YEARLY).orElse(null));
    }
}
