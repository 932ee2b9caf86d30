package dev.aibilling.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.aibilling.adapter.webhook.StripeSignatureVerifier;
import dev.aibilling.domain.paging.PageRequest;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.testing.ApiEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Generated requests for every route, and generated webhook deliveries, against the
 * production handlers on moto and the Stripe stand-in: no answer is a 5xx, every refusal is
 * a 4xx with the JSON error body, and a refusal writes nothing (the table's item keys and
 * the webhook queue's depth are unchanged) but the opening of an account named for the
 * first time. Tries per property: jqwik.tries.default
 * (src/test/resources/junit-platform.properties for every test run; -Djqwik.tries.default=N
 * for the long run in the README).
 */
class FuzzedRoutesTest {
    private static final String SUBSCRIBER = "fuzz-subscriber";
    private static final AtomicInteger INPUTS = new AtomicInteger();
    private static final AtomicInteger SERVER_ERRORS = new AtomicInteger();
    private static SimulatedWorld world;
    private static String subscriptionId;
    private static String paymentId;

    /** One generated request: the route it is sent to and what it carries. */
    record Call(String route, Map<String, String> claims, Map<String, String> path, Map<String, String> query,
                Map<String, String> headers, String body, boolean base64) {
    }

    @BeforeContainer
    static void start() {
        world = new SimulatedWorld(7, Instant.now().truncatedTo(ChronoUnit.SECONDS), 0);
        // one customer with a subscription and a payment, so generated ids sometimes hit real ones
        APIGatewayV2HTTPEvent checkout = ApiEvents.jwt("POST /api/create-checkout", SUBSCRIBER, Map.of());
        checkout.setBody("{\"priceId\":\"price_local_pro_monthly\"}");
        assertEquals(200, world.route(world.checkout, checkout).getStatusCode());
        world.simulate("complete-checkout", SUBSCRIBER, null);
        world.takeInbox().forEach(world::deliver);
        while (world.queue.pollOnce(0, 0) > 0) {
            // until the checkout's events are processed
        }
        subscriptionId = world.truth.subscriptions().find(SUBSCRIBER).orElseThrow().subscriptionId();
        paymentId = world.truth.payments().list(SUBSCRIBER, new PageRequest(1, null)).items().get(0).paymentId();
    }

    @AfterContainer
    static void stop() {
        System.out.println("fuzzed inputs: " + INPUTS.get() + ", answers of 5xx: " + SERVER_ERRORS.get());
        world.close();
    }

    @Property
    void userRoutesNeverFailAndRefuseCleanly(@ForAll("userCalls") Call call) {
        check(call);
    }

    @Property
    void adminRoutesNeverFailAndRefuseCleanly(@ForAll("adminCalls") Call call) {
        check(call);
    }

    @Property
    void theBackendsConsumeNeverFailsAndRefusesCleanly(@ForAll("consumeCalls") Call call) {
        check(call);
    }

    @Property
    void webhookDeliveriesNeverFailAndRefuseCleanly(@ForAll("deliveries") Call call) {
        check(call);
    }

    private static void check(Call call) {
        Set<String> items = itemKeys();
        long queued = queueDepth();
        APIGatewayV2HTTPResponse response = send(call);
        int status = response.getStatusCode();
        INPUTS.incrementAndGet();
        Statistics.label("status").collect(status);
        if (status >= 500) {
            SERVER_ERRORS.incrementAndGet();
        }
        assertTrue(status < 500, () -> status + " for " + call + ": " + response.getBody());
        if (status >= 400) {
            JsonObject error = JsonParser.parseString(response.getBody()).getAsJsonObject().getAsJsonObject("error");
            assertTrue(error.get("code").getAsString().matches("[a-z_]+"), response.getBody());
            assertTrue(!error.get("message").getAsString().isBlank(), response.getBody());
            Set<String> written = new TreeSet<>(itemKeys());
            written.removeAll(items);
            assertTrue(written.isEmpty() || isAccountOpening(written), () -> "a refusal (" + status
                    + ") wrote " + written + " for " + call);
            assertEquals(queued, queueDepth(), () -> "a refusal (" + status + ") queued a message: " + call);
        }
    }

    private static APIGatewayV2HTTPResponse send(Call call) {
        String[] methodAndPath = call.route().split(" ", 2);
        APIGatewayV2HTTPEvent event;
        if (call.route().equals("POST /api/credits/consume")) {
            event = ApiEvents.iam(call.route(), null);
            event.getRequestContext().getAuthorizer().getIam().setUserArn(call.claims().get("arn"));
        } else if (call.route().equals("POST /api/webhooks/stripe")) {
            event = ApiEvents.anonymous(call.route(), methodAndPath[0], methodAndPath[1]);
        } else {
            event = ApiEvents.jwtWithClaims(call.route(), call.claims(), call.query());
        }
        event.setPathParameters(call.path().isEmpty() ? null : call.path());
        event.setHeaders(call.headers());
        event.setIsBase64Encoded(call.base64());
        event.setBody(call.base64() && call.body() != null
                ? Base64.getEncoder().encodeToString(call.body().getBytes(StandardCharsets.UTF_8)) : call.body());
        LocalContext context = new LocalContext("fuzz");
        if (call.route().equals("POST /api/webhooks/stripe")) {
            return world.intake.handleRequest(event, context);
        }
        String path = methodAndPath[1];
        Object handler = path.startsWith("/api/admin") ? world.admin
                : path.equals("/api/create-checkout") ? world.checkout
                : path.equals("/api/credits/consume") ? world.consume
                : path.startsWith("/api/subscriptions/") || path.startsWith("/api/notifications")
                || path.equals("/api/billing-portal") ? world.subscriptions
                : world.queries;
        return world.route(handler, event);
    }

    /**
     * The one write a refusal may make: a request naming a user for the first time opens
     * their account, its signup grant its only ledger entry (as a first read does).
     */
    private static boolean isAccountOpening(Set<String> written) {
        List<String> keys = List.copyOf(written);
        return keys.size() == 2 && keys.get(0).endsWith(" ACCOUNT") && keys.get(1).contains(" LEDGER#")
                && keys.get(1).startsWith(keys.get(0).substring(0, keys.get(0).length() - "ACCOUNT".length()));
    }

    /** Every item's key: a refusal must leave this set as it was. */
    private static Set<String> itemKeys() {
        Set<String> keys = new TreeSet<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusiveStart = start;
            ScanResponse page = world.table.client().scan(s -> s.tableName(world.table.name())
                    .projectionExpression("PK, SK").exclusiveStartKey(exclusiveStart));
            page.items().forEach(item -> keys.add(item.get("PK").s() + " " + item.get("SK").s()));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return keys;
    }

    private static long queueDepth() {
        return Long.parseLong(world.emulator.sqs().getQueueAttributes(a -> a.queueUrl(world.queues.queueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Provide
    Arbitrary<Call> userCalls() {
        Arbitrary<String> route = Arbitraries.of("GET /api/plans", "GET /api/credits", "GET /api/credits/usage",
                "GET /api/subscriptions", "GET /api/payments", "POST /api/create-checkout",
                "DELETE /api/subscriptions/{id}", "POST /api/subscriptions/{id}/resume", "PATCH /api/subscriptions/{id}",
                "POST /api/billing-portal", "GET /api/notifications", "PUT /api/notifications",
                "GET /api/notifications/unsubscribe", "POST /api/notifications/unsubscribe");
        return Combinators.combine(route, userClaims(), pathParameters(), queryParameters(), headers(),
                body(List.of(List.of("priceId"), List.of("planId", "billingCycle"),
                        List.of("receipts", "creditsLow", "paymentFailed"))),
                Arbitraries.of(false, false, false, true)).as(Call::new);
    }

    @Provide
    Arbitrary<Call> adminCalls() {
        Arbitrary<String> route = Arbitraries.of("POST /api/admin/refunds", "POST /api/admin/credits/grants",
                "GET /api/admin/users/{userId}", "GET /api/admin/users/{userId}/ledger", "GET /api/admin/audit",
                "GET /api/admin/stripe/unmatched");
        Arbitrary<Map<String, String>> claims = Combinators.combine(userClaims(),
                Arbitraries.of("[admin]", "admin", "[support admin]", "[]", "", "[Admin]", "[admin", "admin]"))
                .as((user, groups) -> {
                    Map<String, String> all = new HashMap<>(user);
                    all.put("cognito:groups", groups);
                    return all;
                });
        return Combinators.combine(route, claims, pathParameters(), queryParameters(), headers(),
                body(List.of(List.of("paymentId", "amount", "reason"),
                        List.of("userId", "amount", "reason", "idempotencyKey"))),
                Arbitraries.of(false, false, false, true)).as(Call::new);
    }

    @Provide
    Arbitrary<Call> consumeCalls() {
        Arbitrary<Map<String, String>> caller = Arbitraries.of(SimulatedWorld.BACKEND, SimulatedWorld.BACKEND,
                SimulatedWorld.BACKEND, SimulatedWorld.BACKEND,
                "arn:aws:iam::000000000000:user/someone-else", "", "not an arn").map(arn -> Map.of("arn", arn));
        Map<String, String> none = Map.of();
        Arbitrary<String> bodies = body(List.of(List.of("userId", "amount", "idempotencyKey", "description",
                "metadata")));
        return Combinators.combine(caller, bodies, Arbitraries.of(false, false, false, true))
                .as((claims, body, base64) -> new Call("POST /api/credits/consume", claims, none, none, none, body,
                        base64));
    }

    @Provide
    Arbitrary<Call> deliveries() {
        Arbitrary<String> payload = Arbitraries.frequencyOf(Tuple.of(4, stripeEvent()),
                Tuple.of(1, body(List.of(List.of("userId", "amount")))));
        return Combinators.combine(payload, signatureKinds(), Arbitraries.of(false, false, false, true))
                .as((body, kind, base64) -> new Call("POST /api/webhooks/stripe", Map.of(), Map.of(), Map.of(),
                        webhookHeaders(kind, body), body, base64));
    }

    /** A Stripe event envelope with generated parts: real handled types and ids, and anything else. */
    private Arbitrary<String> stripeEvent() {
        Arbitrary<String> type = Arbitraries.oneOf(Arbitraries.of("checkout.session.completed",
                "customer.subscription.updated", "customer.subscription.deleted", "invoice.payment_succeeded",
                "invoice.payment_failed", "charge.refunded", "invoice.paid", "customer.created"), text());
        Arbitrary<String> object = Arbitraries.oneOf(Arbitraries.just("{\"id\":\"" + subscriptionId
                + "\",\"object\":\"subscription\"}"), jsonValue(3));
        return Combinators.combine(Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().ofLength(12)
                        .map(s -> "evt_" + s), text()), type,
                Arbitraries.frequency(Tuple.of(6, "2026-07-29.dahlia"), Tuple.of(1, "2024-06-20"), Tuple.of(1, "")),
                Arbitraries.of("false", "false", "false", "true", "null", "\"false\""), object)
                .as((id, t, version, livemode, data) -> "{\"id\":" + quote(id) + ",\"object\":\"event\",\"type\":"
                        + quote(t) + ",\"api_version\":" + quote(version) + ",\"livemode\":" + livemode
                        + ",\"created\":1790000000,\"data\":{\"object\":" + data + "}}");
    }

    private enum Signature { VALID, STALE, WRONG_SECRET, EMPTY_PARTS, GARBAGE, MISSING }

    private Arbitrary<Signature> signatureKinds() {
        return Arbitraries.frequency(Tuple.of(6, Signature.VALID), Tuple.of(1, Signature.STALE),
                Tuple.of(1, Signature.WRONG_SECRET), Tuple.of(2, Signature.EMPTY_PARTS), Tuple.of(1, Signature.GARBAGE),
                Tuple.of(1, Signature.MISSING));
    }

    private static Map<String, String> webhookHeaders(Signature kind, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        long now = world.clock.instant().getEpochSecond();
        String header = switch (kind) {
            case VALID -> StripeSignatureVerifier.sign(SimulatedWorld.WEBHOOK_SECRET, now, bytes);
            case STALE -> StripeSignatureVerifier.sign(SimulatedWorld.WEBHOOK_SECRET, now - 3600, bytes);
            case WRONG_SECRET -> StripeSignatureVerifier.sign("whsec_other", now, bytes);
            case EMPTY_PARTS -> "," + StripeSignatureVerifier.sign(SimulatedWorld.WEBHOOK_SECRET, now, bytes) + ",,";
            case GARBAGE -> "t=" + now + ",v1=" + "0".repeat(64) + ",v0=zz";
            case MISSING -> null;
        };
        Map<String, String> headers = new HashMap<>();
        if (header != null) {
            headers.put("stripe-signature", header);
        }
        return headers;
    }

    private Arbitrary<Map<String, String>> userClaims() {
        Arbitrary<String> sub = Arbitraries.oneOf(Arbitraries.of(SUBSCRIBER, "fuzz-user-2", "fuzz-user-2"), text());
        Arbitrary<String> email = Arbitraries.oneOf(Arbitraries.of("someone@example.com", "", "not an email"), text());
        return Combinators.combine(sub, email, Arbitraries.of(true, true, true, false), Arbitraries.of(true, false))
                .as((s, e, withSub, withEmail) -> {
                    Map<String, String> claims = new HashMap<>();
                    if (withSub) {
                        claims.put("sub", s);
                    }
                    if (withEmail) {
                        claims.put("email", e);
                    }
                    return claims;
                });
    }

    private Arbitrary<Map<String, String>> pathParameters() {
        Arbitrary<String> id = Arbitraries.oneOf(Arbitraries.just(subscriptionId), Arbitraries.just(SUBSCRIBER),
                Arbitraries.of("sub_missing", "fuzz-user-2"), text());
        return Combinators.combine(id, Arbitraries.of(true, true, false)).as((value, present) -> present
                ? Map.of("id", value, "userId", value) : Map.of());
    }

    private Arbitrary<Map<String, String>> queryParameters() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("1", "100", "101", "0", "-1", "receipts",
                "creditsLow", SUBSCRIBER, "eyJ4IjoxfQ", "%00"), text());
        return Arbitraries.maps(Arbitraries.of("limit", "cursor", "user", "kind", "token", "other"), value)
                .ofMaxSize(4);
    }

    private Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.strings().alpha().ofLength(8), text(),
                Arbitraries.just("x".repeat(300)));
        return Arbitraries.maps(Arbitraries.just("idempotency-key"), key).ofMaxSize(1);
    }

    /** A request body: mostly an object of one route's own fields, sometimes anything at all. */
    private Arbitrary<String> body(List<List<String>> fieldSets) {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(fieldSets).flatMap(this::routeObject)),
                Tuple.of(1, jsonValue(2)),
                Tuple.of(1, text()),
                Tuple.of(1, Arbitraries.of("", "{", "{\"amount\":1,\"amount\":2}", "[]", "null",
                        "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}")),
                Tuple.of(1, Arbitraries.just((String) null)),
                Tuple.of(1, Arbitraries.integers().between(200_000, 300_000)
                        .map(n -> "{\"description\":\"" + "x".repeat(n) + "\"}")));
    }

    /**
     * An object of the routes' own fields, each valid, at or past a limit, of another type,
     * or absent: mostly near a valid request, so refusals come from every check in turn.
     */
    private Arbitrary<String> routeObject(List<String> fields) {
        Map<String, Arbitrary<String>> valid = new HashMap<>();
        valid.put("userId", Arbitraries.of(SUBSCRIBER, "fuzz-user-2", "fuzz-user-3").map(FuzzedRoutesTest::quote));
        valid.put("amount", Arbitraries.longs().between(1, 120).map(String::valueOf));
        valid.put("idempotencyKey", Arbitraries.strings().alpha().numeric().ofMinLength(8).ofMaxLength(20)
                .map(FuzzedRoutesTest::quote));
        valid.put("description", Arbitraries.of("Chat completion", "Image").map(FuzzedRoutesTest::quote));
        valid.put("metadata", Arbitraries.of("{\"model\":\"large\"}", "{}"));
        valid.put("priceId", Arbitraries.of("price_local_pro_monthly", "price_local_business_yearly")
                .map(FuzzedRoutesTest::quote));
        valid.put("planId", Arbitraries.of("pro", "business").map(FuzzedRoutesTest::quote));
        valid.put("billingCycle", Arbitraries.of("monthly", "yearly").map(FuzzedRoutesTest::quote));
        valid.put("paymentId", Arbitraries.just(quote(paymentId)));
        valid.put("reason", Arbitraries.of("duplicate", "goodwill").map(FuzzedRoutesTest::quote));
        valid.put("receipts", Arbitraries.of("true", "false"));
        valid.put("creditsLow", Arbitraries.of("true", "false"));
        valid.put("paymentFailed", Arbitraries.of("true", "false"));
        valid.put("unknownField", Arbitraries.just("1"));
        List<String> names = new ArrayList<>(fields);
        names.add("unknownField");
        List<Arbitrary<String>> values = names.stream().map(name -> Arbitraries.frequencyOf(
                Tuple.of(4, valid.get(name)),
                Tuple.of(1, fieldValue()),
                Tuple.of(1, jsonValue(1)),
                Tuple.of(name.equals("unknownField") ? 12 : 3, Arbitraries.just((String) null)))).toList();
        return Combinators.combine(values).as(chosen -> {
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < names.size(); i++) {
                if (chosen.get(i) != null) {
                    json.append(json.length() > 1 ? "," : "").append(quote(names.get(i))).append(':')
                            .append(chosen.get(i));
                }
            }
            return json.append('}').toString();
        });
    }

    /** Values the routes accept, their limits, and just past them. */
    private Arbitrary<String> fieldValue() {
        return Arbitraries.oneOf(
                Arbitraries.of(SUBSCRIBER, "fuzz-user-2", "price_local_pro_monthly", "price_local_business_yearly",
                        "pro", "business", "free", "monthly", "yearly", "duplicate", "requested_by_customer").map(
                        FuzzedRoutesTest::quote),
                Arbitraries.longs().between(-5, 1_000_005).map(String::valueOf),
                Arbitraries.of("0", "1", "-1", "1000000", "1000001", "9223372036854775807", "9223372036854775808",
                        "1.5", "1e3", "true", "null"),
                Arbitraries.just(paymentId).map(FuzzedRoutesTest::quote),
                Arbitraries.integers().between(495, 505).map(n -> quote("d".repeat(n))),
                Arbitraries.integers().between(60, 68).map(n -> quote("k".repeat(n))),
                Arbitraries.integers().between(18, 22).map(n -> {
                    StringBuilder metadata = new StringBuilder("{");
                    for (int i = 0; i < n; i++) {
                        metadata.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":\"v\"");
                    }
                    return metadata.append('}').toString();
                }));
    }

    private Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(text().map(FuzzedRoutesTest::quote),
                Arbitraries.longs().map(String::valueOf), Arbitraries.doubles().map(String::valueOf)
                        .filter(d -> !d.contains("N") && !d.contains("I")),
                Arbitraries.of("true", "false", "null"));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> array = jsonValue(depth - 1).list().ofMaxSize(4).map(items -> "[" + String.join(",", items)
                + "]");
        Arbitrary<String> object = Arbitraries.maps(text(), jsonValue(depth - 1)).ofMaxSize(4).map(fields -> {
            StringBuilder json = new StringBuilder("{");
            fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append(quote(k)).append(':').append(v));
            return json.append('}').toString();
        });
        return Arbitraries.oneOf(leaf, array, object);
    }

    /** Any text, control and format characters, lone surrogates and other planes included. */
    private Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(3),
                Arbitraries.of("\ud800", "a\udc00b", "\u200b", "\ufeff", "\ue000", "😀", "é", " ", "  x  "));
    }

    /** A JSON string literal; surrogates and control characters written as \\u escapes. */
    private static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
