package dev.aibilling.local;

import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.runtime.PriceIdSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the local runtime is told by its environment: the port, and for online mode a
 * Stripe test-mode key, the four price ids and the signing secret `stripe listen` prints.
 * Without a key it runs offline against its own Stripe stand-in.
 */
record LocalSettings(int port, Optional<String> stripeSecretKey, Map<String, String> priceIds,
                     String webhookSecret) {
    static final String OFFLINE_WEBHOOK_SECRET = "whsec_local_development_only";
    static final Map<String, String> OFFLINE_PRICE_IDS = Map.of(
            PriceIdSettings.PRO_MONTHLY, "price_local_pro_monthly",
            PriceIdSettings.PRO_YEARLY, "price_local_pro_yearly",
            PriceIdSettings.BUSINESS_MONTHLY, "price_local_business_monthly",
            PriceIdSettings.BUSINESS_YEARLY, "price_local_business_yearly");
    private static final List<String> PRICE_SETTINGS = List.of(PriceIdSettings.PRO_MONTHLY,
            PriceIdSettings.PRO_YEARLY, PriceIdSettings.BUSINESS_MONTHLY, PriceIdSettings.BUSINESS_YEARLY);

    static LocalSettings from(Config config) {
        int port = config.optional("PORT").map(LocalSettings::port).orElse(3000);
        Optional<String> key = config.optional("STRIPE_SECRET_KEY");
        if (key.isEmpty()) {
            return new LocalSettings(port, key, OFFLINE_PRICE_IDS, OFFLINE_WEBHOOK_SECRET);
        }
        if (!key.get().startsWith("sk_test_") && !key.get().startsWith("rk_test_")) {
            throw new IllegalArgumentException("STRIPE_SECRET_KEY must be a test-mode key (sk_test_...) for local runs");
        }
        Map<String, String> prices = new HashMap<>();
        for (String name : PRICE_SETTINGS) {
            prices.put(name, config.optional(name).orElseThrow(() -> new IllegalArgumentException(
                    "Online mode needs " + name + " (a test-mode price id) as well as STRIPE_SECRET_KEY")));
        }
        String secret = config.optional("STRIPE_WEBHOOK_SECRET").orElseThrow(() -> new IllegalArgumentException(
                "Online mode needs STRIPE_WEBHOOK_SECRET: the whsec_... that `stripe listen` prints"));
        return new LocalSettings(port, key, Map.copyOf(prices), secret);
    }

    boolean offline() {
        return stripeSecretKey.isEmpty();
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // same message as out of range
        }
        throw new IllegalArgumentException("PORT must be a number from 0 to 65535, not " + value);
    }
}
