package dev.aibilling.domain.notifications;

import dev.aibilling.domain.plans.Money;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * Minor units as people read them: 1900 usd is "$19.00", 1900 eur "€19.00", 1900 jpy
 * "¥1,900" (a zero-decimal currency: its minor unit is the yen). English formatting, the
 * language of the templates.
 */
public final class MoneyFormat {
    private MoneyFormat() {
    }

    public static String format(Money money) {
        Currency currency = Currency.getInstance(money.currency().toUpperCase(Locale.ROOT));
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(money.amount(), digits));
    }
}
