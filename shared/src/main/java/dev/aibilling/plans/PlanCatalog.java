package dev.aibilling.plans;

import dev.aibilling.config.Config;
import java.util.List;

/**
 * The product's plans (the seed's Free, Pro and Business). Prices are ours to choose and
 * are documented in the README; the Stripe price ids come from configuration, so the same
 * catalog serves test and live mode.
 */
public final class PlanCatalog {
    public static final String PRO_MONTHLY_PRICE_ID = "STRIPE_PRO_MONTHLY_PRICE_ID";
    public static final String PRO_YEARLY_PRICE_ID = "STRIPE_PRO_YEARLY_PRICE_ID";
    public static final String BUSINESS_MONTHLY_PRICE_ID = "STRIPE_BUSINESS_MONTHLY_PRICE_ID";
    public static final String BUSINESS_YEARLY_PRICE_ID = "STRIPE_BUSINESS_YEARLY_PRICE_ID";

    private PlanCatalog() {
    }

    public static List<Plan> plans(Config config) {
        return List.of(
                new Plan("free", "Free", "Try the product with a monthly credit allowance.",
                        usd(0), usd(0), Plan.UNLIMITED, Plan.UNLIMITED, 100,
                        List.of("100 credits/month", "Basic AI models", "Community support"), true, null, null),
                new Plan("pro", "Pro", "For professionals who use AI every day.",
                        usd(1900), usd(19000), Plan.UNLIMITED, Plan.UNLIMITED, 1_000,
                        List.of("1,000 credits/month", "All AI models", "Priority support", "API access"), true,
                        config.optional(PRO_MONTHLY_PRICE_ID).orElse(null),
                        config.optional(PRO_YEARLY_PRICE_ID).orElse(null)),
                new Plan("business", "Business", "For teams that build on AI.",
                        usd(4900), usd(49000), Plan.UNLIMITED, Plan.UNLIMITED, 5_000,
                        List.of("5,000 credits/month", "All AI models", "Dedicated support", "Custom integrations"), true,
                        config.optional(BUSINESS_MONTHLY_PRICE_ID).orElse(null),
                        config.optional(BUSINESS_YEARLY_PRICE_ID).orElse(null)));
    }

    private static Money usd(long cents) {
        return new Money(cents, "usd");
    }
}
