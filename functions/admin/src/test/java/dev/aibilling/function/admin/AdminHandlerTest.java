package dev.aibilling.function.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.aibilling.testing.Responses.assertError;
import static dev.aibilling.testing.Responses.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.aibilling.domain.credits.ConsumeRequest;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.paging.PageRequest;
import dev.aibilling.domain.payments.Payment;
import dev.aibilling.domain.payments.PaymentStatus;
import dev.aibilling.emulator.LedgerAudit;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.emulator.stripe.StripeObjects;
import dev.aibilling.testing.ApiEvents;
import dev.aibilling.testing.Subscriber;
import dev.aibilling.testing.TestBilling;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Support's routes against moto and Stripe on WireMock: the refund sent, the books after it, the audit trail. */
class AdminHandlerTest {
    private static final String GROUPS = "cognito:groups";

    private TestBilling billing;
    private AdminHandler handler;
    private LedgerAudit audit;
    private Subscriber s;

    @BeforeEach
    void setUp() {
        billing = TestBilling.start();
        handler = new AdminHandler(billing.adminOperations(), billing.queries(), billing.stores().auditLog(),
                billing.stores().unmatchedNotices(), GROUPS,
                "admin");
        audit = new LedgerAudit(billing.table());
        s = new Subscriber(billing).start();
    }

    @AfterEach
    void tearDown() {
        billing.close();
    }

    @Test
    void everyAdminRouteIs403WithoutTheAdminGroupAndChangesNothing() {
        int items = audit.itemCount();
        for (Map<String, String> claims : List.of(Map.of("sub", "user-1"), Map.of("sub", "user-1", GROUPS, "[support]"),
                Map.of("sub", "user-1", GROUPS, "[administrators]"), Map.of("sub", "user-1", "groups", "[admin]"))) {
            for (String route : List.of("POST /api/admin/refunds", "POST /api/admin/credits/grants",
                    "GET /api/admin/users/{userId}", "GET /api/admin/users/{userId}/ledger", "GET /api/admin/audit",
                    "GET /api/admin/stripe/unmatched")) {
                APIGatewayV2HTTPEvent event = ApiEvents.jwtWithClaims(route, claims, Map.of());
                event.setPathParameters(Map.of("userId", s.user));
                event.setHeaders(Map.of("idempotency-key", "k"));
                event.setBody("{\"userId\":\"" + s.user + "\",\"amount\":5,\"reason\":\"x\",\"idempotencyKey\":\"k\"}");
                assertError(handler.handleRequest(event, new LocalContext("admin")), 403, "forbidden");
            }
        }
        assertEquals(items, audit.itemCount());
        assertEquals(0, refundsSent().size());
    }

    @Test
    void aFullRefundGoesToStripeTakesBackThePeriodsCreditsAndIsAuditedOnce() {
        consume(300);
        billing.stripe().refundCreated("re_1", s.firstPaymentIntent, 1900, 1900, 1900);

        APIGatewayV2HTTPResponse response = refund("k-1", "{\"paymentId\":\"" + s.firstInvoice
                + "\",\"reason\":\"requested_by_customer\"}");

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonObject answer = body(response);
        assertEquals("re_1", answer.get("refundId").getAsString());
        assertEquals(1900, answer.get("amount").getAsLong());
        assertEquals("refunded", answer.get("paymentStatus").getAsString());
        LoggedRequest sent = refundsSent().get(0);
        assertEquals("refund:" + s.firstInvoice + ":k-1", sent.getHeader("Idempotency-Key"));
        Map<String, String> form = form(sent.getBodyAsString());
        assertEquals(s.firstPaymentIntent, form.get("payment_intent"));
        assertEquals("1900", form.get("amount"));
        assertEquals("requested_by_customer", form.get("reason"));
        assertEquals("charge", form.get("expand[0]"));
        assertEquals("admin-1", form.get("metadata[adminId]"));
        assertEquals(0L, audit.balance(s.user), "a fully refunded period takes back what is left of its grant");

        // Stripe's charge.refunded for the same refund: counted once
        billing.deliver(s.chargeRefunded(1900));
        Payment payment = firstPayment();
        assertEquals(PaymentStatus.REFUNDED, payment.status());
        assertEquals(1900, payment.amountRefunded());
        assertEquals(1, audit.entryTypes(s.user).stream().filter("REFUND_CLAWBACK"::equals).count());
        audit.assertBalanced(s.user);

        JsonArray entries = body(get("GET /api/admin/audit", Map.of())).getAsJsonArray("items");
        assertEquals(1, entries.size());
        JsonObject entry = entries.get(0).getAsJsonObject();
        assertEquals("admin-1", entry.get("adminId").getAsString());
        assertEquals("refund", entry.get("action").getAsString());
        assertEquals("re_1", entry.get("providerObjectId").getAsString());
        assertEquals(s.user, entry.get("userId").getAsString());
    }

    @Test
    void aRetryWithTheSameKeyAnswersTheOriginalAndRefundsOnce() {
        billing.stripe().refundCreated("re_1", s.firstPaymentIntent, 500, 1900, 500);
        String body = "{\"paymentId\":\"" + s.firstInvoice + "\",\"amount\":500}";

        assertEquals(200, refund("k-1", body).getStatusCode());
        APIGatewayV2HTTPResponse again = refund("k-1", body);

        assertEquals(200, again.getStatusCode(), again.getBody());
        assertTrue(body(again).get("replayed").getAsBoolean());
        assertEquals("re_1", body(again).get("refundId").getAsString());
        assertEquals(1, refundsSent().size());
        assertEquals(500, firstPayment().amountRefunded());
        assertError(refund("k-1", "{\"paymentId\":\"" + s.firstInvoice + "\",\"amount\":600}"), 409,
                "idempotency_conflict");
        assertEquals(1_000L, audit.balance(s.user), "a partial refund keeps the credits");
    }

    @Test
    void refundsThatCannotBeAre4xxWithNothingWritten() {
        billing.stripe().refundCreated("re_1", s.firstPaymentIntent, 1500, 1900, 1500);
        refund("k-1", "{\"paymentId\":\"" + s.firstInvoice + "\",\"amount\":1500}");
        int items = audit.itemCount();

        APIGatewayV2HTTPResponse tooMuch = refund("k-2", "{\"paymentId\":\"" + s.firstInvoice + "\",\"amount\":401}");
        assertError(tooMuch, 400, "refund_exceeds_payment");
        assertEquals(400, body(tooMuch).getAsJsonObject("error").get("refundable").getAsLong());
        assertError(refund("k-3", "{\"paymentId\":\"" + s.firstInvoice + "\",\"amount\":0}"), 400,
                "refund_exceeds_payment");
        assertError(refund(null, "{\"paymentId\":\"" + s.firstInvoice + "\"}"), 400, "invalid_request");
        assertError(refund("k-4", "{\"paymentId\":\"in_unknown\"}"), 404, "not_found");
        assertError(refund("k-5", "{\"paymentId\":\"" + s.firstInvoice + "\",\"reason\":\"changed_mind\"}"), 400,
                "invalid_request");
        assertError(refund("k-6", "{\"paymentId\":\"" + s.firstInvoice + "\",\"amount\":\"400\"}"), 400,
                "invalid_request");
        assertError(refund("k 7", "{\"paymentId\":\"" + s.firstInvoice + "\"}"), 400, "invalid_request");

        assertEquals(items, audit.itemCount());
        assertEquals(1, refundsSent().size());
    }

    @Test
    void aRefundOfMoreThanStripeHasLeftCatchesTheRecordUpAndAnswersWhatIsLeft() {
        // 1000 of the 1900 were refunded in the dashboard; that charge.refunded has not reached us yet
        billing.stripe().failing("/v1/refunds", 400, "invalid_request_error");
        billing.stripe().paymentIntent(StripeObjects.charge("ch_1", null, s.firstPaymentIntent, 1900, 1000));

        APIGatewayV2HTTPResponse tooMuch = refund("k-1", "{\"paymentId\":\"" + s.firstInvoice + "\"}");

        assertError(tooMuch, 400, "refund_exceeds_payment");
        assertEquals(900, body(tooMuch).getAsJsonObject("error").get("refundable").getAsLong());
        assertEquals(1000, firstPayment().amountRefunded());
        assertEquals(0, body(get("GET /api/admin/audit", Map.of())).getAsJsonArray("items").size(),
                "no refund was made, so none is audited");
        billing.deliver(s.chargeRefunded(1000));
        assertEquals(1000, firstPayment().amountRefunded());
        assertEquals(1_000L, audit.balance(s.user), "a partial refund keeps the credits");
    }

    @Test
    void aRefundOfAPaymentStripeRefundedInFullTakesBackTheCreditsAndIsNotRefundable() {
        consume(300);
        billing.stripe().failing("/v1/refunds", 400, "invalid_request_error");
        billing.stripe().paymentIntent(StripeObjects.charge("ch_1", null, s.firstPaymentIntent, 1900, 1900));

        assertError(refund("k-1", "{\"paymentId\":\"" + s.firstInvoice + "\",\"amount\":100}"), 400,
                "payment_not_refundable");

        assertEquals(PaymentStatus.REFUNDED, firstPayment().status());
        assertEquals(0L, audit.balance(s.user), "a fully refunded period takes back what is left of its grant");
        billing.deliver(s.chargeRefunded(1900));
        assertEquals(1, audit.entryTypes(s.user).stream().filter("REFUND_CLAWBACK"::equals).count());
        audit.assertBalanced(s.user);
    }

    @Test
    void aStripeRefusalThatWhatIsLeftDoesNotExplainIsA502AndChangesNothing() {
        billing.stripe().failing("/v1/refunds", 400, "invalid_request_error");
        billing.stripe().paymentIntent(StripeObjects.charge("ch_1", null, s.firstPaymentIntent, 1900, 0));

        assertError(refund("k-1", "{\"paymentId\":\"" + s.firstInvoice + "\",\"amount\":500}"), 502,
                "payment_provider_unavailable");

        assertEquals(0, firstPayment().amountRefunded());
        assertEquals(PaymentStatus.SUCCEEDED, firstPayment().status());
    }

    @Test
    void aFailedPaymentIsNotRefundable() {
        billing.deliver(s.invoiceEvent("invoice.payment_failed", "in_failed", "subscription_cycle", "open", 2, 1));

        assertError(refund("k-1", "{\"paymentId\":\"in_failed\"}"), 400, "payment_not_refundable");
        assertEquals(0, refundsSent().size());
    }

    @Test
    void aGrantAndANegativeAdjustmentAreLedgerEntriesWithTheAdminAndNeverOverdraw() {
        APIGatewayV2HTTPResponse granted = grant("{\"userId\":\"" + s.user + "\",\"amount\":50,"
                + "\"reason\":\"Outage goodwill\",\"idempotencyKey\":\"ticket-1\"}");

        assertEquals(200, granted.getStatusCode(), granted.getBody());
        assertEquals(1_050L, audit.balance(s.user));
        JsonObject replay = body(grant("{\"userId\":\"" + s.user + "\",\"amount\":50,"
                + "\"reason\":\"Outage goodwill\",\"idempotencyKey\":\"ticket-1\"}"));
        assertTrue(replay.get("replayed").getAsBoolean());
        JsonObject refused = assertError(grant("{\"userId\":\"" + s.user + "\",\"amount\":-1051,"
                + "\"reason\":\"Correction\",\"idempotencyKey\":\"ticket-2\"}"), 402, "insufficient_credits");
        assertEquals(1_050, refused.get("balance").getAsLong());
        assertEquals(200, grant("{\"userId\":\"" + s.user + "\",\"amount\":-1050,"
                + "\"reason\":\"Correction\",\"idempotencyKey\":\"ticket-3\"}").getStatusCode());

        assertEquals(0L, audit.balance(s.user));
        JsonArray ledger = body(get("GET /api/admin/users/{userId}/ledger", Map.of("userId", s.user)))
                .getAsJsonArray("items");
        JsonObject correction = ledger.get(0).getAsJsonObject();
        assertEquals("admin_adjustment", correction.get("type").getAsString());
        assertEquals(-1050, correction.get("delta").getAsLong());
        assertEquals("admin-1", correction.getAsJsonObject("metadata").get("adminId").getAsString());
        assertEquals(2, body(get("GET /api/admin/audit", Map.of())).getAsJsonArray("items").size());
        audit.assertBalanced(s.user);
    }

    @Test
    void badGrantsAre400WithNothingWritten() {
        int items = audit.itemCount();
        for (String bad : List.of(
                "{\"userId\":\"" + s.user + "\",\"amount\":0,\"reason\":\"r\",\"idempotencyKey\":\"k\"}",
                "{\"userId\":\"" + s.user + "\",\"amount\":1000001,\"reason\":\"r\",\"idempotencyKey\":\"k\"}",
                "{\"userId\":\"" + s.user + "\",\"amount\":-1000001,\"reason\":\"r\",\"idempotencyKey\":\"k\"}",
                "{\"userId\":\"" + s.user + "\",\"amount\":1.5,\"reason\":\"r\",\"idempotencyKey\":\"k\"}",
                "{\"userId\":\"" + s.user + "\",\"amount\":5,\"idempotencyKey\":\"k\"}",
                "{\"userId\":\"" + s.user + "\",\"amount\":5,\"reason\":\" \",\"idempotencyKey\":\"k\"}",
                "{\"userId\":\"" + s.user + "\",\"amount\":5,\"reason\":\"a\\u202eb\",\"idempotencyKey\":\"k\"}",
                "{\"userId\":\"" + s.user + "\",\"amount\":5,\"reason\":\"r\",\"idempotencyKey\":\"k\",\"x\":1}",
                "{\"userId\":\"bad#user\",\"amount\":5,\"reason\":\"r\",\"idempotencyKey\":\"k\"}")) {
            assertError(grant(bad), 400, "invalid_request");
        }
        assertEquals(items, audit.itemCount());
    }

    @Test
    void supportSeesAUsersCreditsSubscriptionAndPaymentsAndPagesTheLedger() {
        consume(10);
        consume(20);
        JsonObject user = body(get("GET /api/admin/users/{userId}", Map.of("userId", s.user)));

        assertEquals(970, user.getAsJsonObject("credits").get("balance").getAsLong());
        assertEquals("pro", user.getAsJsonObject("credits").get("planId").getAsString());
        assertEquals(s.subscription, user.getAsJsonObject("subscription").get("id").getAsString());
        assertEquals(s.firstInvoice, user.getAsJsonObject("payments").getAsJsonArray("items").get(0)
                .getAsJsonObject().get("paymentId").getAsString());

        JsonObject page = body(get("GET /api/admin/users/{userId}/ledger", Map.of("userId", s.user), "limit", "2"));
        assertEquals(2, page.getAsJsonArray("items").size());
        assertNotNull(page.get("nextCursor").getAsString());
        JsonObject next = body(get("GET /api/admin/users/{userId}/ledger", Map.of("userId", s.user), "limit", "2",
                "cursor", page.get("nextCursor").getAsString()));
        assertEquals(2, next.getAsJsonArray("items").size());
        assertError(get("GET /api/admin/users/{userId}", Map.of("userId", "bad#user")), 400, "invalid_request");
    }

    @Test
    void theAuditLogPagesNewestFirst() {
        for (int i = 1; i <= 3; i++) {
            grant("{\"userId\":\"" + s.user + "\",\"amount\":" + i + ",\"reason\":\"r\",\"idempotencyKey\":\"t-" + i
                    + "\"}");
        }
        JsonObject first = body(get("GET /api/admin/audit", Map.of(), "limit", "2"));
        JsonObject second = body(get("GET /api/admin/audit", Map.of(), "limit", "2", "cursor",
                first.get("nextCursor").getAsString()));

        assertEquals(List.of("adjustment:t-3", "adjustment:t-2"), ids(first));
        assertEquals(List.of("adjustment:t-1"), ids(second));
        assertError(get("GET /api/admin/audit", Map.of(), "cursor", "bm9wZQ"), 400, "invalid_request");
    }

    @Test
    void supportSeesTheStripeEventsThatWereNotOurs() {
        Map<String, Object> charge = StripeObjects.charge("ch_other", "cus_other_product", "pi_other", 900, 900);
        billing.stripe().charge(charge);
        billing.deliver(StripeObjects.event("evt_not_ours", "charge.refunded", charge));

        JsonArray items = body(get("GET /api/admin/stripe/unmatched", Map.of())).getAsJsonArray("items");

        assertEquals(1, items.size());
        JsonObject unmatched = items.get(0).getAsJsonObject();
        assertEquals("evt_not_ours", unmatched.get("noticeId").getAsString());
        assertEquals("charge.refunded", unmatched.get("type").getAsString());
        assertEquals("ch_other", unmatched.get("objectId").getAsString());
        assertTrue(unmatched.get("reason").getAsString().contains("cus_other_product"));
    }

    private APIGatewayV2HTTPResponse refund(String key, String body) {
        APIGatewayV2HTTPEvent event = admin("POST /api/admin/refunds", Map.of());
        if (key != null) {
            event.setHeaders(Map.of("idempotency-key", key));
        }
        event.setBody(body);
        return handler.handleRequest(event, new LocalContext("admin"));
    }

    private APIGatewayV2HTTPResponse grant(String body) {
        APIGatewayV2HTTPEvent event = admin("POST /api/admin/credits/grants", Map.of());
        event.setBody(body);
        return handler.handleRequest(event, new LocalContext("admin"));
    }

    private APIGatewayV2HTTPResponse get(String route, Map<String, String> path, String... query) {
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < query.length; i += 2) {
            parameters.put(query[i], query[i + 1]);
        }
        APIGatewayV2HTTPEvent event = admin(route, parameters);
        event.setPathParameters(path);
        return handler.handleRequest(event, new LocalContext("admin"));
    }

    private static APIGatewayV2HTTPEvent admin(String route, Map<String, String> query) {
        return ApiEvents.jwtWithClaims(route, Map.of("sub", "admin-1", GROUPS, "[support admin]"), query);
    }

    private List<LoggedRequest> refundsSent() {
        return billing.stripe().server().findAll(postRequestedFor(urlEqualTo("/v1/refunds")));
    }

    private Payment firstPayment() {
        return billing.stores().payments().list(s.user, new PageRequest(10, null)).items().stream()
                .filter(p -> p.paymentId().equals(s.firstInvoice)).findFirst().orElseThrow();
    }

    private void consume(long amount) {
        new CreditLedger(billing.stores().credits(), Clock.systemUTC())
                .consume(new ConsumeRequest(s.user, amount, "c-" + amount + s.user, "AI Chat", Map.of(), "test-backend"));
    }

    private static List<String> ids(JsonObject page) {
        return page.getAsJsonArray("items").asList().stream()
                .map(e -> e.getAsJsonObject().get("auditId").getAsString().replaceAll("-user-.*$", "")).toList();
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
