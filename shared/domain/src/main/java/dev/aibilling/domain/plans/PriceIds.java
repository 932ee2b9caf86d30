package dev.aibilling.domain.plans;

/**
 * The payment provider's price ids of the paid plans, any of them null when not
 * configured. They come from configuration, so one catalog serves test and live mode.
 */
public record PriceIds(String proMonthly, String proYearly, String businessMonthly, String businessYearly) {
    public static final PriceIds NONE = new PriceIds(null, null, null, null);
}
