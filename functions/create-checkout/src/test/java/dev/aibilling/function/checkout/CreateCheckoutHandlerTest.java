package dev.aibilling.function.checkout;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.aibilling.testing.Responses.assertError;
import static dev.aibilling.testing.Responses.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.google.gson.JsonParser;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.plans.Plan;
import dev.aibilling.domain.plans.PlanCatalog;
import dev.aibilling.domain.subscriptions.Subscription;
import dev.aibilling.domain.subscriptions.SubscriptionStatus;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.testing.ApiEvents;
import dev.aibilling.testing.TestBilling;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CreateCheckoutHandlerTest {
    private static final String ROUTE = "POST /api/create-checkout";

    private TestBilling billing;
    private CreateCheckoutHandler handler;
    private String user;

    @BeforeEach
    void setUp() {
        billing = TestBilling.start();
        handler = new CreateCheckoutHandler(billing.checkout());
        user = "user-" + UUID.randomUUID();
        billing.stripe().customerCreated("cus_1");
        billing.stripe().checkoutSessionCreated("cs_test_1");
        billing.stripe().checkoutSessionsExpire();
    }

    @AfterEach
    void tearDown() {
        billing.close();
    }

    @Test
    void aCheckoutSessionIsCreatedForTheCatalogPriceAndTheUsersCustomer() {
        APIGatewayV2HTTPResponse response = post(user, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}");

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("https://checkout.stripe.com/c/pay/cs_test_1", body(response).get("url").getAsString());
        billing.stripe().server().verify(1, postRequestedFor(urlEqualTo("/v1/customers"))
                .withHeader("Idempotency-Key", equalTo("customer-" + user))
                .withRequestBody(containing("metadata[userId]=" + user)));
        Map<String, String> form = form(billing.stripe().server().findAll(
                postRequestedFor(urlEqualTo("/v1/checkout/sessions"))).get(0).getBodyAsString());
        assertEquals("subscription", form.get("mode"));
        assertEquals("cus_1", form.get("customer"));
        assertEquals(user, form.get("client_reference_id"));
        assertEquals(TestBilling.PRO_MONTHLY, form.get("line_items[0][price]"));
        assertEquals("1", form.get("line_items[0][quantity]"));
        assertEquals(user, form.get("subscription_data[metadata][userId]"));
        assertEquals("pro", form.get("subscription_data[metadata][planId]"));
        assertEquals(TestBilling.SUCCESS_URL, form.get("success_url"));
        assertEquals(TestBilling.CANCEL_URL, form.get("cancel_url"));
        assertEquals("cus_1", billing.stores().customers().customerOf(user).orElseThrow());
    }

    @Test
    void theYearlyPriceAndAPriceIdFromTheCatalogAreAccepted() {
        assertEquals(200, post(user, "{\"planId\":\"business\",\"billingCycle\":\"yearly\"}").getStatusCode());
        assertEquals(200, post(user, "{\"priceId\":\"" + TestBilling.PRO_YEARLY + "\"}").getStatusCode());

        List<String> prices = billing.stripe().server().findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions")))
                .stream().map(r -> form(r.getBodyAsString()).get("line_items[0][price]")).toList();
        assertEquals(List.of(TestBilling.BUSINESS_YEARLY, TestBilling.PRO_YEARLY), prices);
        billing.stripe().server().verify(1, postRequestedFor(urlEqualTo("/v1/customers")));
    }

    static Stream<Arguments> refusedChoices() {
        return Stream.of(
                Arguments.of("unknown plan", "{\"planId\":\"platinum\",\"billingCycle\":\"monthly\"}", 400, "plan_not_available"),
                Arguments.of("the Free plan", "{\"planId\":\"free\",\"billingCycle\":\"monthly\"}", 400, "plan_not_available"),
                Arguments.of("unknown cycle", "{\"planId\":\"pro\",\"billingCycle\":\"weekly\"}", 400, "invalid_request"),
                Arguments.of("missing cycle", "{\"planId\":\"pro\"}", 400, "invalid_request"),
                Arguments.of("a price not in the catalog", "{\"priceId\":\"price_attacker\"}", 400, "plan_not_available"),
                Arguments.of("price and cycle disagree", "{\"priceId\":\"" + TestBilling.PRO_MONTHLY
                        + "\",\"billingCycle\":\"yearly\"}", 400, "invalid_request"),
                Arguments.of("both plan and price", "{\"planId\":\"pro\",\"priceId\":\"" + TestBilling.PRO_MONTHLY
                        + "\",\"billingCycle\":\"monthly\"}", 400, "invalid_request"),
                Arguments.of("neither", "{\"billingCycle\":\"monthly\"}", 400, "invalid_request"),
                Arguments.of("planId a number", "{\"planId\":7,\"billingCycle\":\"monthly\"}", 400, "invalid_request"),
                Arguments.of("unknown field", "{\"planId\":\"pro\",\"billingCycle\":\"monthly\",\"amount\":1}", 400, "invalid_request"),
                Arguments.of("not JSON", "plan=pro", 400, "invalid_json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedChoices")
    void aChoiceOutsideTheCatalogIsRefusedBeforeStripeIsCalled(String name, String body, int status, String code) {
        assertError(post(user, body), status, code);

        assertEquals(0, billing.stripe().server().getAllServeEvents().size());
        assertTrue(billing.stores().customers().customerOf(user).isEmpty());
    }

    @Test
    void anInactivePlanIsRefused() {
        List<Plan> withoutBusiness = PlanCatalog.plans(TestBilling.PRICES).stream()
                .filter(p -> !p.id().equals("business")).toList();
        billing.stores().plans().seed(withoutBusiness);

        assertError(post(user, "{\"planId\":\"business\",\"billingCycle\":\"monthly\"}"), 400, "plan_not_available");
    }

    @Test
    void aUserWithALiveSubscriptionCannotStartASecond() {
        new CreditLedger(billing.stores().credits(), Clock.systemUTC()).account(user);
        billing.stores().subscriptions().save(new Subscription(user, "sub_1", SubscriptionStatus.ACTIVE, "pro",
                BillingCycle.MONTHLY, TestBilling.PRO_MONTHLY, "si_1", Instant.now(),
                Instant.now().plusSeconds(86_400), false, Instant.now()), "pro");

        assertError(post(user, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}"), 409, "subscription_exists");
        assertError(post(user, "{\"planId\":\"business\",\"billingCycle\":\"monthly\"}"), 409, "subscription_exists");
        assertEquals(0, billing.stripe().server().getAllServeEvents().size());
    }

    @Test
    void aStripeFailureIs502AndWritesNothing() {
        billing.stripe().failing("/v1/customers", 500, "api_error");

        assertError(post(user, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}"), 502, "payment_provider_unavailable");
        assertTrue(billing.stores().customers().customerOf(user).isEmpty());
    }

    @Test
    void anUnreachableStripeIs502() {
        billing.stripe().server().stubFor(WireMock.post(urlEqualTo("/v1/customers"))
                .willReturn(WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertError(post(user, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}"), 502, "payment_provider_unavailable");
        assertTrue(billing.stores().customers().customerOf(user).isEmpty());
    }

    @Test
    void aStripeRateLimitIs503WithRetryAfter() {
        billing.stripe().failing("/v1/checkout/sessions", 429, "rate_limit_error");

        APIGatewayV2HTTPResponse response = post(user, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}");

        assertError(response, 503, "payment_provider_rate_limited");
        assertEquals("2", response.getHeaders().get("retry-after"));
    }

    @Test
    void concurrentFirstCheckoutsAskStripeForOneCustomerAndLeaveOnePageOpen() throws Exception {
        billing.stripe().checkoutSessionsCreatedFresh();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<APIGatewayV2HTTPResponse>> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            responses.add(pool.submit(() -> {
                start.await();
                return post(user, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}");
            }));
        }
        start.countDown();
        Set<String> sessions = new HashSet<>();
        for (Future<APIGatewayV2HTTPResponse> response : responses) {
            APIGatewayV2HTTPResponse answer = response.get(60, TimeUnit.SECONDS);
            assertEquals(200, answer.getStatusCode(), answer.getBody());
            sessions.add(body(answer).get("sessionId").getAsString());
        }
        pool.shutdown();

        // Stripe answers every create with the same idempotency key with the same customer.
        billing.stripe().server().findAll(postRequestedFor(urlEqualTo("/v1/customers"))).forEach(request ->
                assertEquals("customer-" + user, request.getHeader("Idempotency-Key")));
        assertEquals("cus_1", billing.stores().customers().customerOf(user).orElseThrow());
        // every caller got the one page recorded; each other page created was expired at once
        String recorded = billing.stores().customers().find(user).orElseThrow().lastCheckout().id();
        assertEquals(Set.of(recorded), sessions);
        List<String> created = billing.stripe().server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/v1/checkout/sessions"))
                .map(e -> JsonParser.parseString(e.getResponse().getBodyAsString()).getAsJsonObject()
                        .get("id").getAsString()).toList();
        Set<String> expired = new HashSet<>(expiredSessions());
        assertEquals(created.size() - 1, expired.size(), "created " + created + ", expired " + expired);
        assertFalse(expired.contains(recorded));
    }

    @Test
    void askingAgainForTheSamePriceHandsOutTheOpenPageWithoutCallingStripe() {
        String first = body(post(user, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}")).get("url").getAsString();
        int stripeCalls = billing.stripe().server().getAllServeEvents().size();

        for (int i = 0; i < 5; i++) {
            APIGatewayV2HTTPResponse again = post(user, "{\"priceId\":\"" + TestBilling.PRO_MONTHLY + "\"}");
            assertEquals(first, body(again).get("url").getAsString());
        }

        assertEquals(stripeCalls, billing.stripe().server().getAllServeEvents().size());
    }

    @Test
    void anotherPriceClosesTheOpenPageFirst() {
        billing.stripe().checkoutSessionsCreatedFresh();
        String pro = body(post(user, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}")).get("sessionId").getAsString();

        String business = body(post(user, "{\"planId\":\"business\",\"billingCycle\":\"monthly\"}"))
                .get("sessionId").getAsString();

        assertEquals(List.of(pro), expiredSessions());
        assertEquals(business, billing.stores().customers().find(user).orElseThrow().lastCheckout().id());
        assertEquals(TestBilling.BUSINESS_MONTHLY,
                billing.stores().customers().find(user).orElseThrow().lastCheckout().priceId());
    }

    @Test
    void aPageAboutToExpireIsReplaced() {
        billing.stripe().checkoutSessionsCreatedFresh();
        String first = body(post(user, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}")).get("sessionId").getAsString();
        // 23.5 hours on, half an hour is left: too little to fill in a card
        CreateCheckoutHandler later = new CreateCheckoutHandler(billing.checkout(
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(23 * 60 + 30))));

        APIGatewayV2HTTPEvent event = ApiEvents.jwt(ROUTE, user, Map.of());
        event.setBody("{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}");
        String second = body(later.handleRequest(event, new LocalContext("create-checkout"))).get("sessionId").getAsString();

        assertNotEquals(first, second);
        assertEquals(List.of(first), expiredSessions());
    }

    @Test
    void aPageFollowedByASubscriptionIsNotHandedOutAgain() {
        billing.stripe().checkoutSessionsCreatedFresh();
        String first = body(post(user, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}")).get("sessionId").getAsString();
        // the page was paid, and the subscription it started has already ended
        new CreditLedger(billing.stores().credits(), Clock.systemUTC()).account(user);
        Instant now = Instant.now().plusSeconds(1);
        billing.stores().subscriptions().save(new Subscription(user, "sub_1", SubscriptionStatus.INCOMPLETE_EXPIRED,
                "pro", BillingCycle.MONTHLY, TestBilling.PRO_MONTHLY, "si_1", now, now.plusSeconds(86_400), false, now),
                "free");

        String second = body(post(user, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}")).get("sessionId").getAsString();

        assertNotEquals(first, second);
        assertEquals(List.of(), expiredSessions(), "a spent page is not expired: Stripe would refuse");
    }

    @Test
    void aPagePaidMomentsAgoStopsAPlanSwitchWith409() {
        post(user, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}");
        billing.stripe().server().stubFor(WireMock.post(urlPathMatching("/v1/checkout/sessions/[^/]+/expire"))
                .willReturn(WireMock.aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Only Checkout "
                                + "Sessions with a status in [\\\"open\\\"] can be expired.\"}}")));
        int creates = billing.stripe().server().findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))).size();

        assertError(post(user, "{\"planId\":\"business\",\"billingCycle\":\"monthly\"}"), 409, "subscription_exists");

        assertEquals(creates, billing.stripe().server().findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))).size());
        assertEquals("cs_test_1", billing.stores().customers().find(user).orElseThrow().lastCheckout().id());
    }

    @Test
    void withoutAUserTheRouteIs401() {
        assertError(post(null, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}"), 401, "unauthorized");
    }

    private APIGatewayV2HTTPResponse post(String sub, String body) {
        APIGatewayV2HTTPEvent event = ApiEvents.jwt(ROUTE, sub, Map.of());
        event.setBody(body);
        return handler.handleRequest(event, new LocalContext("create-checkout"));
    }

    private List<String> expiredSessions() {
        return billing.stripe().server().findAll(postRequestedFor(urlPathMatching("/v1/checkout/sessions/[^/]+/expire")))
                .stream().map(r -> r.getUrl().split("/")[4]).toList();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }
}
