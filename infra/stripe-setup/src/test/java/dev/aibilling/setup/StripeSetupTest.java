package dev.aibilling.setup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.Gson;
import com.stripe.Stripe;
import com.stripe.StripeClient;
import dev.aibilling.adapter.stripe.StripeNoticeReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** infra/stripe-setup.sh against Stripe on WireMock: an empty account is set up; a set-up account is left alone. */
class StripeSetupTest {
    private static final Gson JSON = new Gson();
    private static final String URL = "https://abc.lambda-url.us-east-1.on.aws/";
    private static final Map<String, Long> AMOUNTS = Map.of("aibilling_pro_monthly", 1900L, "aibilling_pro_yearly",
            19000L, "aibilling_business_monthly", 4900L, "aibilling_business_yearly", 49000L);

    private final WireMockServer stripe = new WireMockServer(wireMockConfig().dynamicPort());
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private StripeSetup setup;

    @BeforeEach
    void start() {
        stripe.start();
        StripeClient client = StripeClient.builder().setApiKey("sk_test_setup").setApiBase(stripe.baseUrl())
                .setMaxNetworkRetries(0).build();
        setup = new StripeSetup(client, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        stripe.stop();
    }

    @Test
    void anEmptyAccountGetsProductsPricesAPortalAndTheWebhookEndpoint() throws Exception {
        stripe.stubFor(get(urlMatching("/v1/products/aibilling_.*")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(JSON.toJson(Map.of("error", Map.of(
                        "type", "invalid_request_error", "code", "resource_missing", "message", "No such product"))))));
        stripe.stubFor(post(urlEqualTo("/v1/products")).willReturn(okJson("{\"id\":\"aibilling_pro\",\"object\":\"product\"}")));
        stripe.stubFor(get(urlPathEqualTo("/v1/prices")).willReturn(okJson(list(List.of()))));
        AMOUNTS.forEach((key, amount) -> stripe.stubFor(post(urlEqualTo("/v1/prices"))
                .withRequestBody(containing("lookup_key=" + key))
                .willReturn(okJson(JSON.toJson(price("price_" + key, key, amount))))));
        stripe.stubFor(get(urlPathEqualTo("/v1/billing_portal/configurations")).willReturn(okJson(list(List.of()))));
        stripe.stubFor(post(urlEqualTo("/v1/billing_portal/configurations"))
                .willReturn(okJson("{\"id\":\"bpc_1\",\"object\":\"billing_portal.configuration\"}")));
        stripe.stubFor(get(urlPathEqualTo("/v1/webhook_endpoints")).willReturn(okJson(list(List.of()))));
        stripe.stubFor(post(urlEqualTo("/v1/webhook_endpoints")).willReturn(okJson(JSON.toJson(Map.of("id", "we_1",
                "object", "webhook_endpoint", "url", URL, "secret", "whsec_new", "api_version", Stripe.API_VERSION,
                "enabled_events", StripeNoticeReader.HANDLED_TYPES)))));

        StripeSetup.Result result = setup.run(Optional.of(URL));

        assertEquals(2, posts("/v1/products").size());
        Map<String, String> pro = form(posts("/v1/products").get(0));
        assertEquals("aibilling_pro", pro.get("id"));
        assertEquals("Pro", pro.get("name"));
        List<LoggedRequest> prices = posts("/v1/prices");
        assertEquals(4, prices.size());
        Map<String, String> proYearly = prices.stream().map(StripeSetupTest::form)
                .filter(f -> "aibilling_pro_yearly".equals(f.get("lookup_key"))).findFirst().orElseThrow();
        assertEquals("19000", proYearly.get("unit_amount"));
        assertEquals("usd", proYearly.get("currency"));
        assertEquals("year", proYearly.get("recurring[interval]"));
        assertEquals("aibilling_pro", proYearly.get("product"));
        Map<String, String> portal = form(posts("/v1/billing_portal/configurations").get(0));
        assertEquals("at_period_end", portal.get("features[subscription_cancel][mode]"));
        assertEquals("create_prorations", portal.get("features[subscription_update][proration_behavior]"));
        assertEquals("price_aibilling_business_monthly", portal.get("features[subscription_update][products][1][prices][0]"));
        assertEquals("true", portal.get("features[payment_method_update][enabled]"));
        LoggedRequest webhook = posts("/v1/webhook_endpoints").get(0);
        assertEquals(Stripe.API_VERSION, form(webhook).get("api_version"));
        assertEquals(URL, form(webhook).get("url"));
        assertEquals(new TreeSet<>(StripeNoticeReader.HANDLED_TYPES), new TreeSet<>(values(webhook, "enabled_events")));
        assertEquals("price_aibilling_pro_monthly", result.priceIds().get("aibilling_pro_monthly"));
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("StripeBusinessYearlyPriceId=price_aibilling_business_yearly"), output);
        assertTrue(output.contains("StripePortalConfigurationId=bpc_1"), output);
        assertTrue(output.contains("whsec_new"), output);
    }

    @Test
    void aSecondRunChangesNothing() throws Exception {
        stripe.stubFor(get(urlMatching("/v1/products/aibilling_.*")).willReturn(okJson("{\"id\":\"aibilling_pro\"}")));
        List<Object> existing = new ArrayList<>();
        AMOUNTS.forEach((key, amount) -> existing.add(price("price_" + key, key, amount)));
        stripe.stubFor(get(urlPathEqualTo("/v1/prices")).willReturn(okJson(list(existing))));
        String digest = String.join(",", new TreeSet<>(AMOUNTS.keySet().stream().map(k -> "price_" + k).toList()));
        stripe.stubFor(get(urlPathEqualTo("/v1/billing_portal/configurations")).willReturn(okJson(list(List.of(
                Map.of("id", "bpc_1", "object", "billing_portal.configuration", "active", true,
                        "metadata", Map.of("aibilling", digest)))))));
        stripe.stubFor(get(urlPathEqualTo("/v1/webhook_endpoints")).willReturn(okJson(list(List.of(Map.of(
                "id", "we_1", "object", "webhook_endpoint", "url", URL, "api_version", Stripe.API_VERSION,
                "enabled_events", StripeNoticeReader.HANDLED_TYPES))))));

        StripeSetup.Result result = setup.run(Optional.of(URL));

        assertEquals(List.of(), stripe.findAll(postRequestedFor(urlMatching("/v1/.*"))));
        assertEquals("bpc_1", result.portalConfigurationId());
        assertEquals("we_1", result.webhookEndpointId());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("StripeProMonthlyPriceId=price_aibilling_pro_monthly"));
    }

    private static Map<String, Object> price(String id, String lookupKey, long amount) {
        return Map.of("id", id, "object", "price", "lookup_key", lookupKey, "unit_amount", amount, "currency", "usd",
                "active", true);
    }

    private static String list(List<Object> data) {
        return JSON.toJson(Map.of("object", "list", "has_more", false, "data", data, "url", "/v1/list"));
    }

    private List<LoggedRequest> posts(String path) {
        return stripe.findAll(postRequestedFor(urlEqualTo(path)));
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return values;
    }

    private static List<String> values(LoggedRequest request, String name) {
        return form(request).entrySet().stream().filter(e -> e.getKey().startsWith(name + "["))
                .map(Map.Entry::getValue).toList();
    }
}
