package dev.aibilling.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.stripe.StripeClient;
import dev.aibilling.adapter.runtime.Json;
import dev.aibilling.adapter.stripe.StripePaymentProvider;
import dev.aibilling.emulator.stripe.StripeObjects;
import java.util.Map;

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

    public StripePaymentProvider provider() {
        StripeClient client = StripeClient.builder().setApiKey(SECRET_KEY).setApiBase(baseUrl())
                .setMaxNetworkRetries(0).build();
        return new StripePaymentProvider(() -> client);
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
                "charge", StripeObjects.charge("ch_" + paymentIntentId, paymentIntentId, chargeAmount,
                        chargeRefunded))))));
    }

    public void invoicePayments(String invoiceId, String paymentIntentId) {
        server.stubFor(get(urlPathEqualTo("/v1/invoice_payments")).withQueryParam("invoice", equalTo(invoiceId))
                .willReturn(okJson(StripeObjects.invoicePayments(invoiceId, paymentIntentId))));
    }

    public void customerCreated(String customerId) {
        server.stubFor(post(urlEqualTo("/v1/customers"))
                .willReturn(okJson(Json.write(Map.of("id", customerId, "object", "customer")))));
    }

    public void checkoutSessionCreated(String sessionId) {
        server.stubFor(post(urlEqualTo("/v1/checkout/sessions")).willReturn(okJson(Json.write(Map.of(
                "id", sessionId, "object", "checkout.session", "mode", "subscription",
                "url", "https://checkout.stripe.com/c/pay/" + sessionId)))));
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
