package dev.aibilling.domain.plans;

import java.util.List;

/**
 * The product's plans (the seed's Free, Pro and Business). Prices are ours to choose and
 * are documented in the README; the provider's price ids are given, so the same catalog
 * serves test and live mode.
 */
public final class PlanCatalog {
    public static final String FREE = "free";

    private PlanCatalog() {
    }

    public static List<Plan> plans(PriceIds prices) {
        return List.of(
                new Plan(FREE, "Free", "Try the product with a monthly credit allowance.",
                        usd(0), usd(0), Plan.UNLIMITED, Plan.UNLIMITED, 100,
                        List.of("100 credits/month", "Basic AI models", "Community support"), true, null, null),
                new Plan("pro", "Pro", "For professionals who use AI every day.",
                        usd(1900), usd(19000), Plan.UNLIMITED, Plan.UNLIMITED, 1_000,
                        List.of("1,000 credits/month", "All AI models", "Priority support", "API access"), true,
                        prices.proMonthly(), prices.proYearly()),
                new Plan("business", "Business", "For teams that build on AI.",
                        usd(4900), usd(49000), Plan.UNLIMITED, Plan.UNLIMITED, 5_000,
                        List.of("5,000 credits/month", "All AI models", "Dedicated support", "Custom integrations"), true,
                        prices.businessMonthly(), prices.businessYearly()));
    }

    private static Money usd(long cents) {
        return new Money(cents, "usd");
    }
}
