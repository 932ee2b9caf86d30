package dev.aibilling.function.subscriptions;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.aibilling.testing.Responses.assertError;
import static dev.aibilling.testing.Responses.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonObject;
import dev.aibilling.adapter.runtime.Json;
import dev.aibilling.domain.credits.ConsumeRequest;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.emulator.LedgerAudit;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.testing.ApiEvents;
import dev.aibilling.testing.Subscriber;
import dev.aibilling.testing.TestBilling;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The user's subscription routes against moto and Stripe on WireMock: what we ask Stripe,
 * what we store from its answer, what the ledger does, and what a retry or a webhook
 * arriving before or after the route's own write changes (nothing more).
 */
class SubscriptionsHandlerTest {
    private TestBilling billing;
    private SubscriptionsHandler handler;
    private LedgerAudit audit;
    private Subscriber s;

    @BeforeEach
    void setUp() {
        billing = TestBilling.start();
        handler = new SubscriptionsHandler(billing.subscriptionManagement(), billing.queries(),
                billing.notificationPreferences());
        audit = new LedgerAudit(billing.table());
        s = new Subscriber(billing).start();
    }

    @AfterEach
    void tearDown() {
        billing.close();
    }

    @Test
    void cancelAsksStripeToCancelAtPeriodEndAndKeepsTheCredits() {
        billing.stripe().subscriptionUpdated(s.subscriptionObject("active", 1, true));

        APIGatewayV2HTTPResponse response = call("DELETE /api/subscriptions/{id}", s.user, s.subscription, null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonObject subscription = body(response).getAsJsonObject("subscription");
        assertTrue(subscription.get("cancelAtPeriodEnd").getAsBoolean());
        assertEquals("active", subscription.get("status").getAsString());
        List<LoggedRequest> sent = stripeUpdates();
        assertEquals(1, sent.size());
        assertEquals("cancel_at_period_end=true", sent.get(0).getBodyAsString());
        assertTrue(sent.get(0).getHeader("Idempotency-Key").startsWith("subscription-update:" + s.subscription
                + ":cancel:"));
        assertEquals(1_000L, audit.balance(s.user));
        assertEquals("pro", plan());

        assertEquals(200, call("DELETE /api/subscriptions/{id}", s.user, s.subscription, null).getStatusCode());
        assertEquals(1, stripeUpdates().size(), "cancelling twice is harmless: nothing more is asked of Stripe");
    }

    @Test
    void theDeletionAtPeriodEndMovesTheUserToFree() {
        billing.stripe().subscriptionUpdated(s.subscriptionObject("active", 1, true));
        call("DELETE /api/subscriptions/{id}", s.user, s.subscription, null);

        s.stripeReports("canceled", 1, true);
        billing.deliver(s.subscriptionEvent("customer.subscription.deleted", "canceled"));

        assertEquals("free", plan());
        assertEquals("canceled", subscriptionStatus());
    }

    @Test
    void resumeUndoesAPendingCancellationAndIsRefusedOnceTheSubscriptionEnded() {
        billing.stripe().subscriptionUpdated(s.subscriptionObject("active", 1, true));
        call("DELETE /api/subscriptions/{id}", s.user, s.subscription, null);
        billing.stripe().subscriptionUpdated(s.subscriptionObject("active", 1, false));

        APIGatewayV2HTTPResponse resumed = call("POST /api/subscriptions/{id}/resume", s.user, s.subscription, null);

        assertEquals(200, resumed.getStatusCode(), resumed.getBody());
        assertFalse(body(resumed).getAsJsonObject("subscription").get("cancelAtPeriodEnd").getAsBoolean());
        assertEquals("cancel_at_period_end=false", stripeUpdates().get(1).getBodyAsString());

        s.stripeReports("canceled", 1, false);
        billing.deliver(s.subscriptionEvent("customer.subscription.deleted", "canceled"));
        assertError(call("POST /api/subscriptions/{id}/resume", s.user, s.subscription, null), 409,
                "subscription_ended");
        assertEquals(2, stripeUpdates().size());
    }

    @Test
    void anUpgradeChangesThePriceWithProrationsAndRaisesTheBalanceOnce() {
        billing.stripe().subscriptionUpdated(s.subscriptionObject("active", 1, false, TestBilling.BUSINESS_MONTHLY));
        consume(250);

        APIGatewayV2HTTPResponse response = call("PATCH /api/subscriptions/{id}", s.user, s.subscription,
                "{\"planId\":\"business\",\"billingCycle\":\"monthly\"}");

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("business", body(response).getAsJsonObject("subscription").get("planId").getAsString());
        LoggedRequest sent = stripeUpdates().get(0);
        assertEquals(Map.of("items[0][id]", "si_" + s.subscription, "items[0][price]", TestBilling.BUSINESS_MONTHLY,
                "proration_behavior", "create_prorations"), form(sent.getBodyAsString()));
        assertEquals(5_000L, audit.balance(s.user));
        assertEquals("business", plan());

        // the webhook Stripe sends for the change, before or after: nothing more
        s.stripeReports("active", 1, false, TestBilling.BUSINESS_MONTHLY);
        billing.deliver(s.subscriptionEvent("customer.subscription.updated", "active"));
        billing.deliver(s.subscriptionEvent("customer.subscription.updated", "active"));
        assertEquals(5_000L, audit.balance(s.user));
        assertEquals(1, audit.entryTypes(s.user).stream().filter("UPGRADE_GRANT"::equals).count());
        audit.assertBalanced(s.user);
    }

    @Test
    void theWebhookBeforeTheRoutesOwnWriteChangesTheSameOnce() {
        // Stripe's webhook for the change is processed before the route stores Stripe's answer
        s.stripeReports("active", 1, false, TestBilling.BUSINESS_MONTHLY);
        billing.deliver(s.subscriptionEvent("customer.subscription.updated", "active"));
        assertEquals(5_000L, audit.balance(s.user));
        billing.stripe().subscriptionUpdated(s.subscriptionObject("active", 1, false, TestBilling.BUSINESS_MONTHLY));

        APIGatewayV2HTTPResponse response = call("PATCH /api/subscriptions/{id}", s.user, s.subscription,
                "{\"planId\":\"business\",\"billingCycle\":\"monthly\"}");

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(0, stripeUpdates().size(), "the subscription already has that price");
        assertEquals(5_000L, audit.balance(s.user));
        assertEquals(1, audit.entryTypes(s.user).stream().filter("UPGRADE_GRANT"::equals).count());
    }

    @Test
    void aRetriedChangeMakesOneStripeChange() {
        String change = "{\"planId\":\"business\",\"billingCycle\":\"yearly\"}";
        billing.stripe().subscriptionUpdated(s.subscriptionObject("active", 1, false, TestBilling.BUSINESS_YEARLY));

        assertEquals(200, call("PATCH /api/subscriptions/{id}", s.user, s.subscription, change).getStatusCode());
        assertEquals(200, call("PATCH /api/subscriptions/{id}", s.user, s.subscription, change).getStatusCode());

        assertEquals(1, stripeUpdates().size());
        assertEquals("business", plan());
    }

    @Test
    void twoConcurrentIdenticalChangesCarryOneIdempotencyKey() throws Exception {
        // Stripe answers slowly, so both calls are in flight before either stores the answer
        billing.stripe().server().stubFor(post(urlEqualTo("/v1/subscriptions/" + s.subscription)).willReturn(
                okJson(Json.write(s.subscriptionObject("active", 1, false, TestBilling.BUSINESS_MONTHLY)))
                        .withFixedDelay(500)));
        String change = "{\"planId\":\"business\",\"billingCycle\":\"monthly\"}";
        Thread other = new Thread(() -> call("PATCH /api/subscriptions/{id}", s.user, s.subscription, change));
        other.start();
        call("PATCH /api/subscriptions/{id}", s.user, s.subscription, change);
        other.join();

        assertEquals(2, stripeUpdates().size());
        List<String> keys = stripeUpdates().stream().map(r -> r.getHeader("Idempotency-Key")).distinct().toList();
        assertEquals(1, keys.size(), "Stripe makes one change for one key: " + keys);
        assertEquals(5_000L, audit.balance(s.user));
    }

    @Test
    void anotherUsersSubscriptionIsNotFoundAndNothingIsAsked() {
        Subscriber stranger = new Subscriber(billing);
        assertError(call("DELETE /api/subscriptions/{id}", stranger.user, s.subscription, null), 404, "not_found");
        assertError(call("PATCH /api/subscriptions/{id}", stranger.user, s.subscription,
                "{\"planId\":\"business\",\"billingCycle\":\"monthly\"}"), 404, "not_found");
        assertError(call("POST /api/subscriptions/{id}/resume", s.user, "sub_unknown", null), 404, "not_found");
        assertEquals(0, stripeUpdates().size());
    }

    @Test
    void badPlanChangesAre400WithNothingWritten() {
        assertError(call("PATCH /api/subscriptions/{id}", s.user, s.subscription, "{\"planId\":\"free\","
                + "\"billingCycle\":\"monthly\"}"), 400, "plan_not_available");
        assertError(call("PATCH /api/subscriptions/{id}", s.user, s.subscription, "{\"planId\":\"gold\","
                + "\"billingCycle\":\"monthly\"}"), 400, "plan_not_available");
        assertError(call("PATCH /api/subscriptions/{id}", s.user, s.subscription, "{\"planId\":\"business\","
                + "\"billingCycle\":\"weekly\"}"), 400, "invalid_request");
        assertError(call("PATCH /api/subscriptions/{id}", s.user, s.subscription, "{\"planId\":\"business\"}"), 400,
                "invalid_request");
        assertError(call("PATCH /api/subscriptions/{id}", s.user, s.subscription, "{\"planId\":\"business\","
                + "\"billingCycle\":\"monthly\",\"extra\":1}"), 400, "invalid_request");
        assertError(call("PATCH /api/subscriptions/{id}", s.user, s.subscription, "not json"), 400, "invalid_json");
        assertEquals(0, stripeUpdates().size());
        assertEquals("pro", plan());
        assertEquals(1_000L, audit.balance(s.user));
    }

    @Test
    void theBillingPortalOpensForTheUsersCustomerWithTheConfiguredReturnUrl() {
        billing.stripe().billingPortalSession("https://billing.stripe.com/p/session/test_1");

        APIGatewayV2HTTPResponse response = call("POST /api/billing-portal", s.user, null, null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("https://billing.stripe.com/p/session/test_1", body(response).get("url").getAsString());
        billing.stripe().server().verify(postRequestedFor(urlEqualTo("/v1/billing_portal/sessions"))
                .withRequestBody(containing("customer=" + s.customer))
                .withRequestBody(containing("return_url=" + URLEncoder.encode(TestBilling.PORTAL_RETURN_URL, StandardCharsets.UTF_8))));
        assertError(call("POST /api/billing-portal", "user-without-customer", null, null), 404, "not_found");
    }

    @Test
    void aChangeToASubscriptionStripeHasAlreadyEndedStoresTheEndAndIs409() {
        // Stripe canceled it (e.g. in the dashboard); the deletion event has not reached us yet
        s.stripeReports("canceled", 1, false);
        billing.stripe().failing("/v1/subscriptions/" + s.subscription, 400, "invalid_request_error");

        assertError(call("PATCH /api/subscriptions/{id}", s.user, s.subscription,
                "{\"planId\":\"business\",\"billingCycle\":\"monthly\"}"), 409, "subscription_ended");

        assertEquals("canceled", subscriptionStatus());
        assertEquals("free", plan());
        audit.assertBalanced(s.user);
        // the deletion event, when it comes, finds the work done
        billing.deliver(s.subscriptionEvent("customer.subscription.deleted", "canceled"));
        assertEquals("free", plan());
        assertError(call("PATCH /api/subscriptions/{id}", s.user, s.subscription,
                "{\"planId\":\"business\",\"billingCycle\":\"monthly\"}"), 409, "subscription_ended");
        assertEquals(1, stripeUpdates().size(), "an ended subscription we know of is not sent to Stripe");
    }

    @Test
    void cancellingASubscriptionStripeHasAlreadyEndedAnswersTheEndedSubscription() {
        s.stripeReports("canceled", 1, false);
        billing.stripe().failing("/v1/subscriptions/" + s.subscription, 400, "invalid_request_error");

        APIGatewayV2HTTPResponse response = call("DELETE /api/subscriptions/{id}", s.user, s.subscription, null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("canceled", body(response).getAsJsonObject("subscription").get("status").getAsString());
        assertEquals("free", plan());
    }

    @Test
    void aStripeRefusalOfALiveSubscriptionIsStillA502AndChangesNothing() {
        s.stripeReports("active", 1, false);
        billing.stripe().failing("/v1/subscriptions/" + s.subscription, 400, "invalid_request_error");

        assertError(call("DELETE /api/subscriptions/{id}", s.user, s.subscription, null), 502,
                "payment_provider_unavailable");

        assertEquals("active", subscriptionStatus());
        assertFalse(billing.stores().subscriptions().find(s.user).orElseThrow().cancelAtPeriodEnd());
        assertEquals("pro", plan());
    }

    @Test
    void stripeFailingIsA502AndChangesNothing() {
        billing.stripe().failing("/v1/subscriptions/" + s.subscription, 500, "api_error");

        assertError(call("DELETE /api/subscriptions/{id}", s.user, s.subscription, null), 502,
                "payment_provider_unavailable");

        assertFalse(billing.stores().subscriptions().find(s.user).orElseThrow().cancelAtPeriodEnd());
    }

    private APIGatewayV2HTTPResponse call(String routeKey, String user, String subscriptionId, String body) {
        APIGatewayV2HTTPEvent event = ApiEvents.jwt(routeKey, user, Map.of());
        if (subscriptionId != null) {
            event.setPathParameters(Map.of("id", subscriptionId));
        }
        event.setBody(body);
        return handler.handleRequest(event, new LocalContext("subscriptions"));
    }

    private List<LoggedRequest> stripeUpdates() {
        return billing.stripe().server().findAll(postRequestedFor(urlEqualTo("/v1/subscriptions/" + s.subscription)));
    }

    private String plan() {
        return billing.stores().credits().findAccount(s.user).orElseThrow().planId();
    }

    private String subscriptionStatus() {
        return billing.stores().subscriptions().find(s.user).orElseThrow().status().wireName();
    }

    private void consume(long amount) {
        new CreditLedger(billing.stores().credits(), Clock.systemUTC())
                .consume(new ConsumeRequest(s.user, amount, "c-" + amount + s.user, "AI Chat", Map.of(), "test-backend"));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new TreeMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return values;
    }
}
