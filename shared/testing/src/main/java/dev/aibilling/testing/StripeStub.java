package dev.aibilling.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import dev.aibilling.adapter.runtime.Json;
import dev.aibilling.adapter.stripe.StripeNoticeReader;
import dev.aibilling.adapter.stripe.StripePaymentProvider;
import dev.aibilling.emulator.stripe.StripeObjects;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Stripe's HTTP API stood in by WireMock: each test stubs what Stripe answers and verifies what we sent. */
public final class StripeStub implements AutoCloseable {
    public static final String SECRET_KEY = "sk_test_stub";

    private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());

    public StripeStub() {
        server.start();
    }

    public WireMockServer server() {
        return server;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** A client of the stub, as the functions build theirs but without network retries. */
    public Supplier<StripeClient> client() {
        StripeClient client = StripeClient.builder().setApiKey(SECRET_KEY).setApiBase(baseUrl())
                .setMaxNetworkRetries(0).build();
        return () -> client;
    }

    public StripePaymentProvider provider() {
        return new StripePaymentProvider(client(), null);
    }

    public StripeNoticeReader reader() {
        return new StripeNoticeReader(client());
    }

    public void subscription(Map<String, Object> subscription) {
        server.stubFor(get(urlEqualTo("/v1/subscriptions/" + subscription.get("id")))
                .willReturn(okJson(Json.write(subscription))));
    }

    /** What POST /v1/subscriptions/{id} (an update) answers: the subscription after the change. */
    public void subscriptionUpdated(Map<String, Object> subscription) {
        server.stubFor(post(urlEqualTo("/v1/subscriptions/" + subscription.get("id")))
                .willReturn(okJson(Json.write(subscription))));
    }

    public void billingPortalSession(String url) {
        server.stubFor(post(urlEqualTo("/v1/billing_portal/sessions")).willReturn(okJson(Json.write(Map.of(
                "id", "bps_1", "object", "billing_portal.session", "url", url)))));
    }

    /** A refund of {@code amount}, answered with its charge expanded and refunded up to {@code chargeRefunded}. */
    public void refundCreated(String refundId, String paymentIntentId, long amount, long chargeAmount,
                              long chargeRefunded) {
        server.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(okJson(Json.write(Map.of(
                "id", refundId, "object", "refund", "amount", amount, "status", "succeeded",
                "payment_intent", paymentIntentId, "created", 1_796_000_000L,
                "charge", StripeObjects.charge("ch_" + paymentIntentId, null, paymentIntentId, chargeAmount,
                        chargeRefunded))))));
    }

    /** What GET /v1/invoices/{id} answers (whatever it expands): the invoice as Stripe has it now. */
    public void invoice(Map<String, Object> invoice) {
        server.stubFor(get(urlPathEqualTo("/v1/invoices/" + invoice.get("id"))).willReturn(okJson(Json.write(invoice))));
    }

    /** What GET /v1/checkout/sessions/{id} answers: the session, its subscription expanded as requested. */
    public void checkoutSession(Map<String, Object> session) {
        server.stubFor(get(urlPathEqualTo("/v1/checkout/sessions/" + session.get("id")))
                .willReturn(okJson(Json.write(session))));
    }

    /** What GET /v1/payment_intents/{id} answers: the intent with {@code latestCharge} expanded. */
    public void paymentIntent(Map<String, Object> latestCharge) {
        server.stubFor(get(urlPathEqualTo("/v1/payment_intents/" + latestCharge.get("payment_intent")))
                .willReturn(okJson(Json.write(StripeObjects.paymentIntent(latestCharge)))));
    }

    /** What GET /v1/charges/{id} answers. */
    public void charge(Map<String, Object> charge) {
        server.stubFor(get(urlPathEqualTo("/v1/charges/" + charge.get("id"))).willReturn(okJson(Json.write(charge))));
    }

    public void customerCreated(String customerId) {
        server.stubFor(post(urlEqualTo("/v1/customers"))
                .willReturn(okJson(Json.write(Map.of("id", customerId, "object", "customer")))));
    }

    /** Every POST /v1/checkout/sessions answers this session, created now and open for Stripe's default 24 hours. */
    public void checkoutSessionCreated(String sessionId) {
        checkoutSessionsCreated(sessionId);
    }

    /** Each POST /v1/checkout/sessions answers a new session, cs_test_ and the request's id. */
    public void checkoutSessionsCreatedFresh() {
        checkoutSessionsCreated("cs_test_{{request.id}}");
    }

    private void checkoutSessionsCreated(String idTemplate) {
        // the space before the body's last brace keeps Handlebars from reading "}}}" as a triple-stash
        server.stubFor(post(urlEqualTo("/v1/checkout/sessions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"id\":\"" + idTemplate + "\",\"object\":\"checkout.session\",\"mode\":\"subscription\","
                        + "\"status\":\"open\",\"url\":\"https://checkout.stripe.com/c/pay/" + idTemplate + "\","
                        + "\"created\":{{now format='unix'}},\"expires_at\":{{now offset='24 hours' format='unix'}} }")));
    }

    /** POST /v1/checkout/sessions/{id}/expire succeeds for every session. */
    public void checkoutSessionsExpire() {
        server.stubFor(post(urlPathMatching("/v1/checkout/sessions/[^/]+/expire")).willReturn(okJson(
                "{\"object\":\"checkout.session\",\"status\":\"expired\"}")));
    }

    /**
     * What GET /v1/events answers: these events (JSON, newest first) in pages of
     * {@code pageSize}, each after the one that ended with the event named in starting_after.
     * The created filter is not applied: the reconciler must cope with events it has seen.
     */
    public void eventLog(List<String> newestFirst, int pageSize) {
        for (int from = 0; from <= newestFirst.size(); from += pageSize) {
            int to = Math.min(newestFirst.size(), from + pageSize);
            String page = "{\"object\":\"list\",\"url\":\"/v1/events\",\"has_more\":" + (to < newestFirst.size())
                    + ",\"data\":[" + String.join(",", newestFirst.subList(from, to)) + "]}";
            MappingBuilder request = get(urlPathEqualTo("/v1/events"));
            request = from == 0 ? request.withQueryParam("starting_after", absent())
                    : request.withQueryParam("starting_after", equalTo(eventId(newestFirst.get(from - 1))));
            server.stubFor(request.willReturn(okJson(page)));
            if (to == newestFirst.size()) {
                break;
            }
        }
    }

    private static String eventId(String event) {
        return JsonParser.parseString(event).getAsJsonObject().get("id").getAsString();
    }

    public void failing(String path, int status, String errorType) {
        server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_stub")
                .withBody(Json.write(Map.of("error", Map.of("type", errorType, "message", "stubbed failure"))))));
    }

    @Override
    public void close() {
        server.stop();
    }
}
