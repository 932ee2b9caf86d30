package dev.aibilling.domain.plans;

import java.util.Locale;
import java.util.regex.Pattern;

/** An amount in the currency's minor units (cents) and its ISO 4217 code, lower case as Stripe sends it. */
public record Money(long amount, String currency) {
    private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");

    public Money {
        currency = currency.toLowerCase(Locale.ROOT);
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code: " + currency);
        }
    }
}
