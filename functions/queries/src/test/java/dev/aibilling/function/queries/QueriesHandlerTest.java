package dev.aibilling.function.queries;

import static dev.aibilling.testing.Responses.assertError;
import static dev.aibilling.testing.Responses.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.domain.credits.ConsumeRequest;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.credits.PeriodReset;
import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.plans.PlanCatalog;
import dev.aibilling.domain.plans.PriceIds;
import dev.aibilling.domain.queries.BillingQueries;
import dev.aibilling.domain.subscriptions.Subscription;
import dev.aibilling.domain.subscriptions.SubscriptionStatus;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.emulator.RequestCounter;
import dev.aibilling.emulator.TestTable;
import dev.aibilling.testing.ApiEvents;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class QueriesHandlerTest {
    private static TestTable table;
    private static DynamoDbStores stores;
    private static CreditLedger ledger;
    private static QueriesHandler handler;

    @BeforeAll
    static void setUp() {
        table = TestTable.onMoto();
        stores = new DynamoDbStores(table.client(), table.name());
        stores.plans().seed(PlanCatalog.plans(new PriceIds("price_pro_m", "price_pro_y", null, null)));
        ledger = new CreditLedger(stores.credits(), Clock.systemUTC());
        handler = new QueriesHandler(BillingQueries.of(stores.credits(), stores.plans(), stores.subscriptions(),
                stores.payments(), Clock.systemUTC()));
    }

    @Test
    void thePlanListIsReadOncePerContainer() {
        RequestCounter dynamoDb = new RequestCounter();
        DynamoDbStores counted = new DynamoDbStores(table.client(dynamoDb), table.name());
        QueriesHandler fresh = new QueriesHandler(BillingQueries.of(counted.credits(), counted.plans(),
                counted.subscriptions(), counted.payments(), Clock.systemUTC()));

        for (int i = 0; i < 5; i++) {
            assertEquals(200, fresh.handleRequest(ApiEvents.anonymous("GET /api/plans", "GET", "/api/plans"),
                    new LocalContext("test")).getStatusCode());
        }

        assertEquals(1, dynamoDb.total(), "the anonymous route must not cost a read per call: " + dynamoDb.snapshot());
    }

    @Test
    void plansArePublicAndCarryNoStripePriceIds() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                ApiEvents.anonymous("GET /api/plans", "GET", "/api/plans"), new LocalContext("test"));

        assertEquals(200, response.getStatusCode());
        JsonArray plans = body(response).getAsJsonArray("plans");
        assertEquals(List.of("free", "pro", "business"), ids(plans));
        JsonObject pro = plans.get(1).getAsJsonObject();
        assertEquals(1_000, pro.get("creditsPerMonth").getAsLong());
        assertEquals(1900, pro.getAsJsonObject("monthlyPrice").get("amount").getAsLong());
        assertEquals("usd", pro.getAsJsonObject("monthlyPrice").get("currency").getAsString());
        assertEquals(-1, pro.get("chatsPerMonth").getAsInt());
        assertFalse(response.getBody().contains("price_pro_m"));
    }

    @Test
    void creditsOfANewUserAreTheSignupGrantOnTheFreePlan() {
        String user = newUser();
        JsonObject credits = ok(get("GET /api/credits", user, Map.of()));

        assertEquals(100, credits.get("balance").getAsLong());
        assertEquals("free", credits.get("planId").getAsString());
        assertEquals(100, credits.get("allowance").getAsLong());
        assertTrue(Instant.parse(credits.get("nextResetAt").getAsString()).isAfter(Instant.now()));
    }

    @Test
    void creditsFollowTheAppliedPeriod() {
        String user = newUser();
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        Instant end = Instant.parse("2026-12-01T00:00:00Z");
        ledger.resetForPeriod(new PeriodReset(user, "pro", 1_000, start, end, "in_1", "sub_1", PeriodReset.NextReset.BY_INVOICE));
        stores.subscriptions().save(new Subscription(user, "sub_1", SubscriptionStatus.ACTIVE, "pro",
                BillingCycle.MONTHLY, "price_pro_m", "si_1", start, end, false, Instant.now()), "pro");

        JsonObject credits = ok(get("GET /api/credits", user, Map.of()));

        assertEquals(1_000, credits.get("balance").getAsLong());
        assertEquals("pro", credits.get("planId").getAsString());
        assertEquals(1_000, credits.get("allowance").getAsLong());
        assertEquals(end.toString(), credits.get("nextResetAt").getAsString());
    }

    @Test
    void usageIsNewestFirstAndPagesToTheEnd() {
        String user = newUser();
        for (int i = 1; i <= 4; i++) {
            ledger.consume(new ConsumeRequest(user, i, "u" + i + "-" + user, "AI Chat - GPT-4", Map.of("model", "gpt-4"),
                    "arn:aws:sts::123456789012:assumed-role/ai-backend/s1"));
        }
        List<Long> deltas = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> query = new HashMap<>(Map.of("limit", "2"));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            JsonObject page = ok(get("GET /api/credits/usage", user, query));
            page.getAsJsonArray("items").forEach(item -> deltas.add(item.getAsJsonObject().get("delta").getAsLong()));
            JsonElement next = page.get("nextCursor");
            cursor = next.isJsonNull() ? null : next.getAsString();
            pages++;
        } while (cursor != null && pages < 10);

        assertEquals(List.of(-4L, -3L, -2L, -1L, 100L), deltas);
        JsonObject newest = ok(get("GET /api/credits/usage", user, Map.of("limit", "1")))
                .getAsJsonArray("items").get(0).getAsJsonObject();
        assertEquals("consumption", newest.get("type").getAsString());
        assertEquals("AI Chat - GPT-4", newest.get("description").getAsString());
        assertEquals("{\"model\":\"gpt-4\"}", newest.get("metadata").toString(),
                "the backend's role, recorded on the entry, is not shown to the user");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "100"})
    void pageSizesAtTheLimitsAreAccepted(String limit) {
        assertEquals(200, get("GET /api/credits/usage", newUser(), Map.of("limit", limit)).getStatusCode());
        assertEquals(200, get("GET /api/payments", newUser(), Map.of("limit", limit)).getStatusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "ten", "1.5", ""})
    void aPageSizeOutsideOneToAHundredIs400(String limit) {
        assertError(get("GET /api/credits/usage", newUser(), Map.of("limit", limit)), 400, "invalid_request");
        assertError(get("GET /api/payments", newUser(), Map.of("limit", limit)), 400, "invalid_request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64 !", "UEFZTUVOVCMx", "TEVER0VSIw"})
    void aCursorThisListingDidNotIssueIs400(String cursor) {
        // "UEFZTUVOVCMx" is base64 of PAYMENT#1 (another listing); "TEVER0VSIw" is a bare LEDGER# prefix
        String user = newUser();
        assertError(get("GET /api/credits/usage", user, Map.of("cursor", cursor)), 400, "invalid_request");
        assertTrue(stores.credits().findAccount(user).isEmpty(), "a refused page opened no account");
    }

    @Test
    void noSubscriptionIsAnExplicitNull() {
        JsonObject body = ok(get("GET /api/subscriptions", newUser(), Map.of()));

        assertTrue(body.has("subscription"));
        assertTrue(body.get("subscription").isJsonNull());
    }

    @Test
    void theSubscriptionComesWithItsPlan() {
        String user = newUser();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", AttributeValue.fromS("USER#" + user));
        item.put("SK", AttributeValue.fromS("SUBSCRIPTION"));
        item.put("subscriptionId", AttributeValue.fromS("sub_123"));
        item.put("status", AttributeValue.fromS("active"));
        item.put("planId", AttributeValue.fromS("pro"));
        item.put("billingCycle", AttributeValue.fromS("MONTHLY"));
        item.put("currentPeriodStart", AttributeValue.fromS("2026-11-01T00:00:00.000Z"));
        item.put("currentPeriodEnd", AttributeValue.fromS("2026-12-01T00:00:00.000Z"));
        item.put("cancelAtPeriodEnd", AttributeValue.fromBool(false));
        item.put("priceId", AttributeValue.fromS("price_pro_m"));
        item.put("observedAt", AttributeValue.fromN("1795766400000"));
        table.client().putItem(p -> p.tableName(table.name()).item(item));

        JsonObject subscription = ok(get("GET /api/subscriptions", user, Map.of())).getAsJsonObject("subscription");

        assertEquals("sub_123", subscription.get("id").getAsString());
        assertEquals("active", subscription.get("status").getAsString());
        assertEquals("monthly", subscription.get("billingCycle").getAsString());
        assertEquals("2026-12-01T00:00:00Z", subscription.get("currentPeriodEnd").getAsString());
        assertEquals("Pro", subscription.getAsJsonObject("plan").get("name").getAsString());
    }

    @Test
    void paymentsAreNewestFirstInMinorUnits() {
        String user = newUser();
        putPayment(user, "in_1", "2026-10-01T00:00:00.000Z", 1900);
        putPayment(user, "in_2", "2026-11-01T00:00:00.000Z", 4900);

        JsonObject page = ok(get("GET /api/payments", user, Map.of()));

        JsonArray items = page.getAsJsonArray("items");
        assertEquals(2, items.size());
        JsonObject newest = items.get(0).getAsJsonObject();
        assertEquals("in_2", newest.get("paymentId").getAsString());
        assertEquals(4900, newest.getAsJsonObject("amount").get("amount").getAsLong());
        assertEquals("usd", newest.getAsJsonObject("amount").get("currency").getAsString());
        assertTrue(page.get("nextCursor").isJsonNull());
    }

    @Test
    void aUserRouteWithoutASubjectIs401() {
        assertError(get("GET /api/credits", null, Map.of()), 401, "unauthorized");
    }

    @Test
    void aSubjectThatCannotBeAKeyIs400() {
        assertError(get("GET /api/credits", "a#b", Map.of()), 400, "invalid_request");
    }

    @Test
    void anUnknownRouteOrMethodIsAJson404() {
        APIGatewayV2HTTPResponse unknown = handler.handleRequest(
                ApiEvents.anonymous("$default", "GET", "/api/nothing-here"), new LocalContext("test"));
        APIGatewayV2HTTPResponse wrongMethod = handler.handleRequest(
                ApiEvents.anonymous("$default", "DELETE", "/api/plans"), new LocalContext("test"));

        assertTrue(assertError(unknown, 404, "route_not_found").get("message").getAsString().contains("/api/nothing-here"));
        assertTrue(assertError(wrongMethod, 404, "route_not_found").get("message").getAsString().contains("DELETE"));
    }

    private static void putPayment(String user, String id, String createdAt, long cents) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", AttributeValue.fromS("USER#" + user));
        item.put("SK", AttributeValue.fromS("PAYMENT#" + createdAt + "#" + id));
        item.put("paymentId", AttributeValue.fromS(id));
        item.put("amount", AttributeValue.fromN(Long.toString(cents)));
        item.put("currency", AttributeValue.fromS("usd"));
        item.put("status", AttributeValue.fromS("succeeded"));
        item.put("createdAt", AttributeValue.fromS(createdAt));
        table.client().putItem(p -> p.tableName(table.name()).item(item));
    }

    private static APIGatewayV2HTTPResponse get(String route, String user, Map<String, String> query) {
        return handler.handleRequest(ApiEvents.jwt(route, user, query), new LocalContext("test"));
    }

    private static JsonObject ok(APIGatewayV2HTTPResponse response) {
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertNotNull(response.getBody());
        return body(response);
    }

    private static List<String> ids(JsonArray plans) {
        List<String> ids = new ArrayList<>();
        plans.forEach(plan -> ids.add(plan.getAsJsonObject().get("id").getAsString()));
        return ids;
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }
}
