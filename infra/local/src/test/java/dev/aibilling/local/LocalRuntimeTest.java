package dev.aibilling.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.aibilling.emulator.ProjectPaths;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives the local runtime over HTTP as a user would, offline: signup credits, checkout and
 * its simulated completion, the grant, a consume, usage, a renewal and a failed payment.
 * Only HTTP answers are asserted.
 */
class LocalRuntimeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalBilling billing;
    private static String base;

    @BeforeAll
    static void start() {
        billing = LocalBilling.start(new LocalSettings(0, Optional.empty(), LocalSettings.OFFLINE_PRICE_IDS,
                LocalSettings.OFFLINE_WEBHOOK_SECRET));
        base = billing.baseUrl();
    }

    @AfterAll
    static void stop() {
        billing.close();
    }

    @Test
    void aUserSubscribesConsumesRenewsAndFailsAPayment() throws Exception {
        String token = call("POST", "/local/token?sub=user-e2e", null, null).body();

        JsonObject credits = json(call("GET", "/api/credits", token, null), 200);
        assertEquals(100, credits.get("balance").getAsLong());
        assertEquals("free", credits.get("planId").getAsString());

        JsonObject checkout = json(call("POST", "/api/create-checkout", token,
                "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}"), 200);
        assertTrue(checkout.get("url").getAsString().startsWith(base + "/local/stripe/checkout/cs_test_"));

        JsonObject paid = json(call("POST", "/local/stripe/simulate/complete-checkout?user=user-e2e", null, null), 200);
        assertEquals("active", paid.get("status").getAsString());
        call("POST", "/local/queue/drain", null, null);

        credits = json(call("GET", "/api/credits", token, null), 200);
        assertEquals(1000, credits.get("balance").getAsLong());
        assertEquals("pro", credits.get("planId").getAsString());
        JsonObject subscription = json(call("GET", "/api/subscriptions", token, null), 200).getAsJsonObject("subscription");
        assertEquals("active", subscription.get("status").getAsString());
        JsonArray payments = json(call("GET", "/api/payments", token, null), 200).getAsJsonArray("items");
        assertEquals(1, payments.size());
        assertEquals(1900, payments.get(0).getAsJsonObject().getAsJsonObject("amount").get("amount").getAsLong());

        JsonObject consumed = json(call("POST", "/api/credits/consume", billing.serviceCredential(),
                "{\"userId\":\"user-e2e\",\"amount\":5,\"idempotencyKey\":\"e2e-1\",\"description\":\"AI Chat - GPT-4\"}"), 200);
        assertEquals(5, consumed.get("amount").getAsLong());
        JsonArray usage = json(call("GET", "/api/credits/usage?limit=2", token, null), 200).getAsJsonArray("items");
        assertEquals("consumption", usage.get(0).getAsJsonObject().get("type").getAsString());
        assertEquals(-5, usage.get(0).getAsJsonObject().get("delta").getAsLong());
        assertEquals(995, json(call("GET", "/api/credits", token, null), 200).get("balance").getAsLong());

        call("POST", "/local/stripe/simulate/renew?user=user-e2e", null, null);
        call("POST", "/local/queue/drain", null, null);
        assertEquals(1000, json(call("GET", "/api/credits", token, null), 200).get("balance").getAsLong());
        List<String> types = new ArrayList<>();
        json(call("GET", "/api/credits/usage?limit=3", token, null), 200).getAsJsonArray("items")
                .forEach(item -> types.add(item.getAsJsonObject().get("type").getAsString()));
        assertEquals(List.of("period_grant", "period_expiry", "consumption"), types);

        call("POST", "/local/stripe/simulate/fail-payment?user=user-e2e", null, null);
        call("POST", "/local/queue/drain", null, null);
        assertEquals("past_due", json(call("GET", "/api/subscriptions", token, null), 200)
                .getAsJsonObject("subscription").get("status").getAsString());
        JsonObject failed = json(call("GET", "/api/payments?limit=1", token, null), 200).getAsJsonArray("items")
                .get(0).getAsJsonObject();
        assertEquals("failed", failed.get("status").getAsString());

        // the emails it caused, as SES accepted them
        List<String> subjects = new ArrayList<>();
        json(call("GET", "/local/outbox", null, null), 200).getAsJsonArray("emails").forEach(e -> {
            if (e.getAsJsonObject().get("to").getAsString().contains("user-e2e@example.com")) {
                subjects.add(e.getAsJsonObject().get("subject").getAsString());
            }
        });
        assertTrue(subjects.stream().filter(s -> s.contains("receipt: $19.00")).count() == 2, subjects.toString());
        assertTrue(subjects.stream().anyMatch(s -> s.startsWith("Action needed: your")), subjects.toString());
    }

    @Test
    void aMonthPassesOnTheLocalClock() throws Exception {
        String free = call("POST", "/local/token?sub=user-clock-free", null, null).body();
        String pro = call("POST", "/local/token?sub=user-clock-pro", null, null).body();
        json(call("POST", "/api/credits/consume", billing.serviceCredential(), "{\"userId\":\"user-clock-free\","
                + "\"amount\":30,\"idempotencyKey\":\"clock-1\",\"description\":\"AI Chat\"}"), 200);
        json(call("POST", "/api/create-checkout", pro, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}"), 200);
        call("POST", "/local/stripe/simulate/complete-checkout?user=user-clock-pro", null, null);
        call("POST", "/local/queue/drain", null, null);
        json(call("POST", "/api/credits/consume", billing.serviceCredential(), "{\"userId\":\"user-clock-pro\","
                + "\"amount\":300,\"idempotencyKey\":\"clock-2\",\"description\":\"AI Chat\"}"), 200);
        Instant before = Instant.parse(json(call("GET", "/local/clock", null, null), 200).get("now").getAsString());

        JsonObject moved = json(call("POST", "/local/clock/advance?days=31", null, null), 200);

        assertTrue(Instant.parse(moved.get("now").getAsString()).isAfter(before.plus(Duration.ofDays(31))));
        // the Stripe stand-in renewed the Pro subscription whose month ended
        assertTrue(moved.getAsJsonArray("stripeEvents").toString().contains("invoice.paid"), moved.toString());
        call("POST", "/local/queue/drain", null, null);
        JsonObject run = JsonParser.parseString(JsonParser.parseString(
                call("POST", "/local/schedules/ReconcileFunction", null, null).body()).getAsString()).getAsJsonObject();
        assertTrue(run.get("refills").getAsLong() >= 1, run.toString());
        assertEquals(100, json(call("GET", "/api/credits", free, null), 200).get("balance").getAsLong());
        assertEquals("period_grant", json(call("GET", "/api/credits/usage?limit=1", free, null), 200)
                .getAsJsonArray("items").get(0).getAsJsonObject().get("type").getAsString());
        assertEquals(1000, json(call("GET", "/api/credits", pro, null), 200).get("balance").getAsLong());
        assertEquals(400, call("POST", "/local/clock/advance?days=-1", null, null).statusCode());
    }

    @Test
    void aUserChangesPlanCancelsResumesAndSupportRefunds() throws Exception {
        String token = call("POST", "/local/token?sub=user-life", null, null).body();
        json(call("POST", "/api/create-checkout", token, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}"), 200);
        call("POST", "/local/stripe/simulate/complete-checkout?user=user-life", null, null);
        call("POST", "/local/queue/drain", null, null);
        String id = json(call("GET", "/api/subscriptions", token, null), 200).getAsJsonObject("subscription")
                .get("id").getAsString();

        JsonObject upgraded = json(call("PATCH", "/api/subscriptions/" + id, token,
                "{\"planId\":\"business\",\"billingCycle\":\"monthly\"}"), 200).getAsJsonObject("subscription");
        assertEquals("business", upgraded.get("planId").getAsString());
        call("POST", "/local/queue/drain", null, null);
        JsonObject credits = json(call("GET", "/api/credits", token, null), 200);
        assertEquals(5000, credits.get("balance").getAsLong());
        assertEquals("business", credits.get("planId").getAsString());

        assertTrue(json(call("DELETE", "/api/subscriptions/" + id, token, null), 200).getAsJsonObject("subscription")
                .get("cancelAtPeriodEnd").getAsBoolean());
        assertFalse(json(call("POST", "/api/subscriptions/" + id + "/resume", token, null), 200)
                .getAsJsonObject("subscription").get("cancelAtPeriodEnd").getAsBoolean());
        json(call("DELETE", "/api/subscriptions/" + id, token, null), 200);
        assertEquals(404, call("DELETE", "/api/subscriptions/sub_someone_else", token, null).statusCode());
        call("POST", "/local/stripe/simulate/end-period?user=user-life", null, null);
        call("POST", "/local/queue/drain", null, null);
        assertEquals("canceled", json(call("GET", "/api/subscriptions", token, null), 200)
                .getAsJsonObject("subscription").get("status").getAsString());
        assertEquals("free", json(call("GET", "/api/credits", token, null), 200).get("planId").getAsString());

        String payment = json(call("GET", "/api/payments", token, null), 200).getAsJsonArray("items").get(0)
                .getAsJsonObject().get("paymentId").getAsString();
        String admin = call("POST", "/local/token?sub=support-1&admin=true", null, null).body();
        assertEquals(403, call("POST", "/api/admin/refunds", token, "{\"paymentId\":\"" + payment + "\"}").statusCode(),
                "a user's token is not an admin's");
        HttpResponse<String> refunded = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/refunds"))
                .header("Authorization", "Bearer " + admin).header("Idempotency-Key", "e2e-refund-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"paymentId\":\"" + payment + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("refunded", json(refunded, 200).get("paymentStatus").getAsString());
        call("POST", "/local/queue/drain", null, null);
        assertEquals("refunded", json(call("GET", "/api/payments", token, null), 200).getAsJsonArray("items").get(0)
                .getAsJsonObject().get("status").getAsString());
        assertEquals(1, json(call("GET", "/api/admin/audit", admin, null), 200).getAsJsonArray("items").size());
        assertTrue(json(call("POST", "/api/billing-portal", token, null), 200).get("url").getAsString()
                .startsWith(base + "/local/stripe/portal/"));
    }

    @Test
    void aForeignEventIsListedAndAnOldVersionsEventIsReadTheSame() throws Exception {
        String token = call("POST", "/local/token?sub=user-versions", null, null).body();
        json(call("POST", "/api/create-checkout", token, "{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}"), 200);
        call("POST", "/local/stripe/simulate/complete-checkout?user=user-versions", null, null);
        call("POST", "/local/queue/drain", null, null);
        String admin = call("POST", "/local/token?sub=support-2&admin=true", null, null).body();
        int unmatchedBefore = json(call("GET", "/api/admin/stripe/unmatched", admin, null), 200)
                .getAsJsonArray("items").size();

        call("POST", "/local/stripe/simulate/old-version-event?user=user-versions", null, null);
        call("POST", "/local/stripe/simulate/foreign-event?user=anyone", null, null);
        call("POST", "/local/queue/drain", null, null);

        JsonArray unmatched = json(call("GET", "/api/admin/stripe/unmatched", admin, null), 200).getAsJsonArray("items");
        assertEquals(unmatchedBefore + 1, unmatched.size(), "only the foreign event is not ours");
        assertTrue(unmatched.get(0).getAsJsonObject().get("reason").getAsString().contains("cus_other_product"));
        assertEquals(1, json(call("GET", "/api/payments", token, null), 200).getAsJsonArray("items").size());
        assertEquals(1000, json(call("GET", "/api/credits", token, null), 200).get("balance").getAsLong());
        JsonObject queue = json(call("GET", "/local/queue/status", null, null), 200);
        assertEquals(0, queue.get("inFlight").getAsInt(), "no event failed and waits for a retry");
        assertEquals(0, queue.get("deadLetters").getAsInt());
    }

    @Test
    void routesAreGuardedAsApiGatewayGuardsThem() throws Exception {
        assertEquals(401, call("GET", "/api/credits", null, null).statusCode());
        assertEquals(401, call("GET", "/api/credits", "not-a-token", null).statusCode());
        assertEquals(403, call("POST", "/api/credits/consume", "wrong-credential", "{}").statusCode());
        String userToken = call("POST", "/local/token?sub=user-guard", null, null).body();
        assertEquals(403, call("POST", "/api/credits/consume", userToken, "{}").statusCode(),
                "a user's token is not the service credential");
        assertEquals(200, call("GET", "/api/plans", null, null).statusCode());
        // no $default route: API Gateway answers an unknown path itself, without invoking a function
        HttpResponse<String> unknown = call("GET", "/api/nothing", null, null);
        assertEquals(404, unknown.statusCode());
        assertEquals("Not Found", JsonParser.parseString(unknown.body()).getAsJsonObject()
                .get("message").getAsString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:3000", "127.0.0.1.evil.example", "localhost.evil.example"})
    void aHostOtherThanThisMachineIsRefused(String host) throws Exception {
        // what a DNS-rebinding page sends: its own name, resolved to 127.0.0.1
        assertTrue(rawGet("/local/token?sub=rebind", host).startsWith("HTTP/1.1 403"));
        assertTrue(rawGet("/api/plans", host).startsWith("HTTP/1.1 403"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:3000", "127.0.0.1:3000", "[::1]:3000"})
    void theNamesOfThisMachineAreServed(String host) throws Exception {
        assertTrue(rawGet("/api/plans", host).startsWith("HTTP/1.1 200"));
    }

    @Test
    void aWebPageCannotReachTheLocalEndpoints() throws Exception {
        assertEquals(403, callWith("/local/token?sub=csrf", "Origin", "https://evil.example").statusCode());
        assertEquals(403, callWith("/local/token?sub=csrf", "Sec-Fetch-Site", "cross-site").statusCode());
        assertEquals(403, callWith("/local/token?sub=csrf", "Origin", "null").statusCode());
        assertEquals(200, callWith("/local/token?sub=csrf", "Origin", "http://localhost:3000").statusCode());
        assertEquals(200, callWith("/local/token?sub=csrf", "Sec-Fetch-Site", "same-origin").statusCode());
    }

    @Test
    void anUnsignedWebhookIsRefusedAtTheFunctionUrlPath() throws Exception {
        HttpResponse<String> response = call("POST", "/api/webhooks/stripe", null, "{\"id\":\"evt_1\"}");

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("invalid_signature"));
    }

    @Test
    void aSampleEventInvokesItsFunctionByName() throws Exception {
        String event = Files.readString(ProjectPaths.events().resolve("queries-list-plans.json"));

        JsonObject response = json(call("POST", "/local/invoke/QueriesFunction", null, event), 200);

        assertEquals(200, response.get("statusCode").getAsInt());
        assertEquals(3, JsonParser.parseString(response.get("body").getAsString()).getAsJsonObject()
                .getAsJsonArray("plans").size());
    }

    @Test
    void aTakenPortIsAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            LocalBilling.PortInUseException error = assertThrows(LocalBilling.PortInUseException.class, () ->
                    LocalBilling.start(new LocalSettings(taken.getLocalPort(), Optional.empty(),
                            LocalSettings.OFFLINE_PRICE_IDS, LocalSettings.OFFLINE_WEBHOOK_SECRET)));
            assertTrue(error.getMessage().contains("already in use"), error.getMessage());
        }
    }

    private static HttpResponse<String> call(String method, String path, String bearer, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> callWith(String path, String header, String value)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header(header, value)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with this Host header, which java.net.http does not let a caller set. */
    private static String rawGet(String path, String host) throws IOException {
        URI uri = URI.create(base);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static JsonObject json(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }
}
