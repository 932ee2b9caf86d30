package dev.aibilling.setup;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Price;
import com.stripe.model.WebhookEndpoint;
import com.stripe.model.billingportal.Configuration;
import com.stripe.net.RequestOptions;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.ProductCreateParams;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.param.WebhookEndpointListParams;
import com.stripe.param.WebhookEndpointUpdateParams;
import com.stripe.param.billingportal.ConfigurationCreateParams.Features;
import com.stripe.param.billingportal.ConfigurationCreateParams;
import com.stripe.param.billingportal.ConfigurationListParams;
import com.stripe.param.billingportal.ConfigurationUpdateParams;
import dev.aibilling.adapter.stripe.StripeNoticeReader;
import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.plans.Plan;
import dev.aibilling.domain.plans.PlanCatalog;
import dev.aibilling.domain.plans.PriceIds;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Sets a Stripe account up for this service, idempotently (a second run changes nothing):
 * the Pro and Business products (fixed ids) and their four prices (found by lookup key,
 * amounts from the plan catalog), a billing-portal configuration (cancel at period end,
 * switches between our prices with prorations, card updates, invoices), and, given the
 * deployment's webhook URL, the webhook endpoint with the API version stripe-java pins and
 * exactly the event types billing handles. Prints what `sam deploy` asks for.
 */
public final class StripeSetup {
    static final String METADATA_KEY = "aibilling";
    private static final List<String> PAID_PLANS = List.of("pro", "business");

    private final StripeClient stripe;
    private final PrintStream out;

    public StripeSetup(StripeClient stripe, PrintStream out) {
        this.stripe = stripe;
        this.out = out;
    }

    /** STRIPE_SECRET_KEY (test or live), optional STRIPE_WEBHOOK_URL, and STRIPE_API_BASE for tests. */
    public static void main(String[] args) throws StripeException {
        String key = System.getenv("STRIPE_SECRET_KEY");
        if (key == null || !(key.startsWith("sk_") || key.startsWith("rk_"))) {
            System.err.println("Set STRIPE_SECRET_KEY to the account's secret key (sk_test_..., sk_live_...).");
            System.exit(2);
        }
        StripeClient.StripeClientBuilder builder = StripeClient.builder().setApiKey(key).setMaxNetworkRetries(2);
        Optional.ofNullable(System.getenv("STRIPE_API_BASE")).ifPresent(builder::setApiBase);
        new StripeSetup(builder.build(), System.out).run(Optional.ofNullable(System.getenv("STRIPE_WEBHOOK_URL")));
    }

    public record Result(Map<String, String> priceIds, String portalConfigurationId, String webhookEndpointId,
                         String webhookSecret) {
    }

    public Result run(Optional<String> webhookUrl) throws StripeException {
        for (String plan : PAID_PLANS) {
            ensureProduct(plan);
        }
        Map<String, String> prices = ensurePrices();
        String portal = ensurePortal(prices);
        WebhookEndpoint endpoint = webhookUrl.isPresent() ? ensureWebhook(webhookUrl.get()) : null;
        Result result = new Result(prices, portal, endpoint == null ? null : endpoint.getId(),
                endpoint == null ? null : endpoint.getSecret());
        print(result);
        return result;
    }

    private void ensureProduct(String plan) throws StripeException {
        try {
            stripe.v1().products().retrieve(productId(plan));
        } catch (InvalidRequestException e) {
            if (e.getStatusCode() == null || e.getStatusCode() != 404) {
                throw e;
            }
            Plan catalog = catalog(plan);
            stripe.v1().products().create(ProductCreateParams.builder().setId(productId(plan)).setName(catalog.name())
                    .setDescription(catalog.description()).putMetadata(METADATA_KEY, plan).build(),
                    RequestOptions.builder().setIdempotencyKey("setup-product-" + plan).build());
            out.println("created product " + productId(plan));
        }
    }

    /** The four prices by lookup key; missing ones are created with the catalog's amounts. */
    private Map<String, String> ensurePrices() throws StripeException {
        Map<String, Price> existing = new LinkedHashMap<>();
        for (Price price : stripe.v1().prices().list(PriceListParams.builder().addAllLookupKey(lookupKeys())
                .setActive(true).setLimit(10L).build()).getData()) {
            existing.put(price.getLookupKey(), price);
        }
        Map<String, String> ids = new LinkedHashMap<>();
        for (String plan : PAID_PLANS) {
            for (BillingCycle cycle : BillingCycle.values()) {
                String lookupKey = lookupKey(plan, cycle);
                long amount = amount(catalog(plan), cycle);
                Price price = existing.get(lookupKey);
                if (price == null) {
                    price = stripe.v1().prices().create(PriceCreateParams.builder().setProduct(productId(plan))
                            .setCurrency(catalog(plan).monthlyPrice().currency()).setUnitAmount(amount)
                            .setRecurring(PriceCreateParams.Recurring.builder().setInterval(cycle == BillingCycle.MONTHLY
                                    ? PriceCreateParams.Recurring.Interval.MONTH
                                    : PriceCreateParams.Recurring.Interval.YEAR).build())
                            .setLookupKey(lookupKey).putMetadata(METADATA_KEY, plan).build(),
                            RequestOptions.builder().setIdempotencyKey("setup-price-" + lookupKey + "-" + amount)
                                    .build());
                    out.println("created price " + price.getId() + " (" + lookupKey + ")");
                } else if (!Objects.equals(price.getUnitAmount(), amount)) {
                    out.println("warning: price " + price.getId() + " (" + lookupKey + ") is " + price.getUnitAmount()
                            + " but the catalog says " + amount + "; Stripe prices cannot change: create a new price "
                            + "and move the lookup key to it in the dashboard");
                }
                ids.put(lookupKey, price.getId());
            }
        }
        return ids;
    }

    /**
     * Ours is the active configuration with our metadata (the prices it allows). One that
     * allows other prices is retired and a new one made, so a portal never offers a price
     * the catalog dropped.
     */
    private String ensurePortal(Map<String, String> prices) throws StripeException {
        String digest = String.join(",", new TreeSet<>(prices.values()));
        Optional<Configuration> ours = stripe.v1().billingPortal().configurations()
                .list(ConfigurationListParams.builder().setActive(true).setLimit(100L).build()).getData().stream()
                .filter(c -> c.getMetadata() != null && c.getMetadata().containsKey(METADATA_KEY)).findFirst();
        if (ours.isPresent() && digest.equals(ours.get().getMetadata().get(METADATA_KEY))) {
            return ours.get().getId();
        }
        if (ours.isPresent()) {
            stripe.v1().billingPortal().configurations().update(ours.get().getId(),
                    ConfigurationUpdateParams.builder().setActive(false).build());
            out.println("retired billing portal configuration " + ours.get().getId() + " (other prices)");
        }
        Configuration created = stripe.v1().billingPortal().configurations().create(ConfigurationCreateParams.builder()
                .setName("AI billing").setFeatures(features(prices)).putMetadata(METADATA_KEY, digest).build(),
                RequestOptions.builder().setIdempotencyKey("setup-portal-" + digest.hashCode()).build());
        out.println("created billing portal configuration " + created.getId());
        return created.getId();
    }

    private static Features features(Map<String, String> prices) {
        Features.SubscriptionUpdate.Builder update = Features.SubscriptionUpdate.builder().setEnabled(true)
                .addDefaultAllowedUpdate(Features.SubscriptionUpdate.DefaultAllowedUpdate.PRICE)
                .setProrationBehavior(Features.SubscriptionUpdate.ProrationBehavior.CREATE_PRORATIONS);
        for (String plan : PAID_PLANS) {
            update.addProduct(Features.SubscriptionUpdate.Product.builder().setProduct(productId(plan))
                    .addPrice(prices.get(lookupKey(plan, BillingCycle.MONTHLY)))
                    .addPrice(prices.get(lookupKey(plan, BillingCycle.YEARLY))).build());
        }
        return Features.builder()
                .setSubscriptionCancel(Features.SubscriptionCancel.builder().setEnabled(true)
                        .setMode(Features.SubscriptionCancel.Mode.AT_PERIOD_END).build())
                .setSubscriptionUpdate(update.build())
                .setPaymentMethodUpdate(Features.PaymentMethodUpdate.builder().setEnabled(true).build())
                .setInvoiceHistory(Features.InvoiceHistory.builder().setEnabled(true).build())
                .build();
    }

    /** The endpoint for the URL: created with the pinned version, or its events brought to exactly the handled ones. */
    private WebhookEndpoint ensureWebhook(String url) throws StripeException {
        Optional<WebhookEndpoint> existing = stripe.v1().webhookEndpoints()
                .list(WebhookEndpointListParams.builder().setLimit(100L).build()).getData().stream()
                .filter(e -> url.equals(e.getUrl())).findFirst();
        if (existing.isEmpty()) {
            WebhookEndpointCreateParams.Builder params = WebhookEndpointCreateParams.builder().setUrl(url)
                    .setDescription("AI billing").putMetadata(METADATA_KEY, "webhook")
                    // the version events are rendered in; the enum of this stripe-java lags its own pin
                    .putExtraParam("api_version", Stripe.API_VERSION);
            for (String type : StripeNoticeReader.HANDLED_TYPES) {
                params.addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.valueOf(constant(type)));
            }
            WebhookEndpoint created = stripe.v1().webhookEndpoints().create(params.build(),
                    RequestOptions.builder().setIdempotencyKey("setup-webhook-" + url.hashCode()).build());
            out.println("created webhook endpoint " + created.getId() + " for " + url);
            return created;
        }
        WebhookEndpoint endpoint = existing.get();
        if (!new TreeSet<>(endpoint.getEnabledEvents()).equals(new TreeSet<>(StripeNoticeReader.HANDLED_TYPES))) {
            WebhookEndpointUpdateParams.Builder params = WebhookEndpointUpdateParams.builder();
            for (String type : StripeNoticeReader.HANDLED_TYPES) {
                params.addEnabledEvent(WebhookEndpointUpdateParams.EnabledEvent.valueOf(constant(type)));
            }
            stripe.v1().webhookEndpoints().update(endpoint.getId(), params.build());
            out.println("updated the events of webhook endpoint " + endpoint.getId());
        }
        if (!Stripe.API_VERSION.equals(endpoint.getApiVersion())) {
            out.println("note: webhook endpoint " + endpoint.getId() + " renders events in " + endpoint.getApiVersion()
                    + "; the processor reads any version, so nothing needs to change");
        }
        return endpoint;
    }

    private void print(Result result) {
        out.println();
        out.println("Parameters for sam deploy:");
        out.println("  StripeProMonthlyPriceId=" + result.priceIds().get(lookupKey("pro", BillingCycle.MONTHLY)));
        out.println("  StripeProYearlyPriceId=" + result.priceIds().get(lookupKey("pro", BillingCycle.YEARLY)));
        out.println("  StripeBusinessMonthlyPriceId=" + result.priceIds().get(lookupKey("business", BillingCycle.MONTHLY)));
        out.println("  StripeBusinessYearlyPriceId=" + result.priceIds().get(lookupKey("business", BillingCycle.YEARLY)));
        out.println("  StripePortalConfigurationId=" + result.portalConfigurationId());
        if (result.webhookSecret() != null) {
            out.println();
            out.println("Webhook signing secret (shown once; store it, never commit it):");
            out.println("  aws secretsmanager put-secret-value --secret-id billing/stripe-webhook-secrets --secret-string "
                    + result.webhookSecret());
        } else if (result.webhookEndpointId() != null) {
            out.println();
            out.println("Webhook endpoint " + result.webhookEndpointId() + " exists; Stripe shows its signing secret "
                    + "only at creation (roll it in the dashboard to get a new one).");
        }
    }

    static String productId(String plan) {
        return "aibilling_" + plan;
    }

    static String lookupKey(String plan, BillingCycle cycle) {
        return "aibilling_" + plan + "_" + cycle.wireName();
    }

    private static List<String> lookupKeys() {
        return PAID_PLANS.stream().flatMap(plan -> Arrays.stream(BillingCycle.values())
                .map(cycle -> lookupKey(plan, cycle))).toList();
    }

    private static Plan catalog(String plan) {
        return PlanCatalog.plans(PriceIds.NONE).stream().filter(p -> p.id().equals(plan)).findFirst().orElseThrow();
    }

    private static long amount(Plan plan, BillingCycle cycle) {
        return (cycle == BillingCycle.MONTHLY ? plan.monthlyPrice() : plan.yearlyPrice()).amount();
    }

    /** "checkout.session.completed" as stripe-java's enum constant, CHECKOUT__SESSION__COMPLETED. */
    private static String constant(String type) {
        return type.replace(".", "__").toUpperCase(Locale.ROOT);
    }
}
