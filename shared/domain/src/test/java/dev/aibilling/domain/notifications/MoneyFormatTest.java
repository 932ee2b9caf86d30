package dev.aibilling.domain.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aibilling.domain.plans.Money;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyFormatTest {

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource(delimiter = '|', value = {
            "1900 | usd | $19.00",
            "5 | usd | $0.05",
            "0 | usd | $0.00",
            "123456789 | usd | $1,234,567.89",
            "1900 | eur | €19.00",
            "1900 | jpy | ¥1,900",
            "7 | jpy | ¥7",
            "1900 | gbp | £19.00",
            "19000 | kwd | KWD19.000"})
    void minorUnitsAreShownAsPeopleReadThem(long amount, String currency, String shown) {
        assertEquals(shown, MoneyFormat.format(new Money(amount, currency)).replace('\u00a0', ' '));
    }
}
