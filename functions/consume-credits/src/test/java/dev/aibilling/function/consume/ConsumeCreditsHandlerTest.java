package dev.aibilling.function.consume;

import static dev.aibilling.testing.Responses.assertError;
import static dev.aibilling.testing.Responses.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonObject;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.http.IamCallers;
import dev.aibilling.domain.credits.ConsumeRequest;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.limits.Limits;
import dev.aibilling.emulator.LedgerAudit;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.emulator.TestTable;
import dev.aibilling.testing.ApiEvents;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ConsumeCreditsHandlerTest {
    private static final String ROUTE = "POST /api/credits/consume";
    /** The role whose session ApiEvents.iam signs as. */
    private static final String BACKEND_ROLE = "arn:aws:iam::123456789012:role/ai-backend";
    private static TestTable table;
    private static ConsumeCreditsHandler handler;
    private static LedgerAudit audit;

    @BeforeAll
    static void setUp() {
        table = TestTable.onMoto();
        handler = handlerAllowing(BACKEND_ROLE);
        audit = new LedgerAudit(table);
    }

    @Test
    void consumeAnswersWithTheLedgerEntryAndDebits() {
        String user = newUser();
        APIGatewayV2HTTPResponse response = post(request(user, "5", "k-" + user));

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonObject result = body(response);
        assertEquals(user, result.get("userId").getAsString());
        assertEquals(5, result.get("amount").getAsLong());
        assertEquals("k-" + user, result.get("idempotencyKey").getAsString());
        assertEquals(false, result.get("replayed").getAsBoolean());
        assertTrue(result.get("transactionId").getAsString().length() > 10);
        assertEquals(95L, audit.balance(user));
        audit.assertBalanced(user);
    }

    @Test
    void theCallerIsRecordedOnTheEntry() {
        String user = newUser();
        post(request(user, "5", "who-" + user));

        Map<String, AttributeValue> consumption = audit.entries(user).stream()
                .filter(e -> e.get("type").s().equals("CONSUMPTION")).findFirst().orElseThrow();
        assertEquals("arn:aws:sts::123456789012:assumed-role/ai-backend/test",
                consumption.get("metadata").m().get(ConsumeRequest.CALLER).s());
        assertEquals("gpt-4", consumption.get("metadata").m().get("model").s());
    }

    static Stream<Arguments> callersRefused() {
        return Stream.of(
                Arguments.of("another role of the account", List.of("arn:aws:iam::123456789012:role/other-service")),
                Arguments.of("the same role name in another account", List.of("arn:aws:iam::999999999999:role/ai-backend")),
                Arguments.of("a role whose name merely starts the same", List.of("arn:aws:iam::123456789012:role/ai-back")),
                Arguments.of("an empty list (the template's default)", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callersRefused")
    void aCallerNotAllowedIs403AndWritesNothing(String name, List<String> allowed) {
        String user = newUser();
        int itemsBefore = audit.itemCount();

        assertError(handlerAllowing(allowed.toArray(String[]::new)).handleRequest(
                ApiEvents.iam(ROUTE, request(user, "5", "f-" + user)), new LocalContext("test")), 403, "forbidden");

        assertEquals(itemsBefore, audit.itemCount());
    }

    @Test
    void aRoleOnAPathAndAnExactUserAreAllowed() {
        String user = newUser();
        ConsumeCreditsHandler pathRole = handlerAllowing("arn:aws:iam::123456789012:role/service/ai-backend");
        assertEquals(200, pathRole.handleRequest(ApiEvents.iam(ROUTE, request(user, "1", "p-" + user)),
                new LocalContext("test")).getStatusCode());

        APIGatewayV2HTTPEvent asUser = ApiEvents.iam(ROUTE, request(user, "1", "u-" + user));
        asUser.getRequestContext().getAuthorizer().getIam().setUserArn("arn:aws:iam::123456789012:user/batch");
        assertEquals(200, handlerAllowing("arn:aws:iam::123456789012:user/batch")
                .handleRequest(asUser, new LocalContext("test")).getStatusCode());
        assertError(handler.handleRequest(asUser, new LocalContext("test")), 403, "forbidden");
        assertEquals(98L, audit.balance(user));
    }

    @Test
    void anUnsignedRequestIs403() {
        APIGatewayV2HTTPEvent unsigned = ApiEvents.iam(ROUTE, request(newUser(), "1", "n-1"));
        unsigned.getRequestContext().setAuthorizer(null);

        assertError(handler.handleRequest(unsigned, new LocalContext("test")), 403, "forbidden");
    }

    @Test
    void aReplayAnswersTheOriginalAndDebitsNothing() {
        String user = newUser();
        JsonObject first = body(post(request(user, "7", "r-" + user)));
        APIGatewayV2HTTPResponse again = post(request(user, "7", "r-" + user));

        assertEquals(200, again.getStatusCode());
        assertEquals(first.get("transactionId"), body(again).get("transactionId"));
        assertEquals(first.get("createdAt"), body(again).get("createdAt"));
        assertEquals(true, body(again).get("replayed").getAsBoolean());
        assertEquals(93L, audit.balance(user));
    }

    @Test
    void theSameKeyWithOnlyOtherMetadataIs409() {
        String user = newUser();
        post(request(user, "7", "m-" + user));

        String otherMetadata = request(user, "7", "m-" + user).replace("\"gpt-4\"", "\"gpt-5\"");
        assertError(post(otherMetadata), 409, "idempotency_conflict");
        assertEquals(93L, audit.balance(user));
    }

    @Test
    void theSameKeyWithAnotherAmountIs409() {
        String user = newUser();
        post(request(user, "7", "c-" + user));

        assertError(post(request(user, "8", "c-" + user)), 409, "idempotency_conflict");
        assertEquals(93L, audit.balance(user));
    }

    @Test
    void tooFewCreditsIs402WithTheBalance() {
        String user = newUser();
        post(request(user, "60", "a-" + user));

        JsonObject error = assertError(post(request(user, "41", "b-" + user)), 402, "insufficient_credits");

        assertEquals(40, error.get("balance").getAsLong());
        assertEquals(41, error.get("requested").getAsLong());
        assertEquals(40L, audit.balance(user));
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        String user = newUser();
        String longestKey = "k".repeat(Limits.MAX_IDEMPOTENCY_KEY_LENGTH);
        APIGatewayV2HTTPResponse response = post("{\"userId\":\"" + user + "\",\"amount\":1,\"idempotencyKey\":\""
                + longestKey + "\",\"description\":\"" + "d".repeat(Limits.MAX_DESCRIPTION_LENGTH) + "\"}");
        assertEquals(200, response.getStatusCode(), response.getBody());

        String fullMetadata = IntStream.range(0, Limits.MAX_METADATA_ENTRIES)
                .mapToObj(i -> "\"" + ("k" + i + "_").repeat(40).substring(0, Limits.MAX_METADATA_KEY_LENGTH) + "\":\""
                        + "v".repeat(Limits.MAX_METADATA_VALUE_LENGTH) + "\"").collect(Collectors.joining(","));
        APIGatewayV2HTTPResponse fullest = post("{\"userId\":\"" + user + "\",\"amount\":1,\"idempotencyKey\":\"full-"
                + user + "\",\"description\":\"d\",\"metadata\":{" + fullMetadata + "}}");
        assertEquals(200, fullest.getStatusCode(), "20 entries, 64-character keys, 500-character values");

        // the largest amount parses and is refused only for the balance
        assertError(post(request(user, Long.toString(Limits.MAX_CONSUME_AMOUNT), "max-" + user)), 402,
                "insufficient_credits");
    }

    @Test
    void aBase64BodyIsDecoded() {
        String user = newUser();
        APIGatewayV2HTTPEvent event = ApiEvents.iam(ROUTE, Base64.getEncoder()
                .encodeToString(request(user, "3", "b64-" + user).getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);

        assertEquals(200, handler.handleRequest(event, new LocalContext("test")).getStatusCode());
        assertEquals(97L, audit.balance(user));
    }

    static Stream<Arguments> badRequests() {
        String u = "\"userId\":\"bad-user\"";
        String a = "\"amount\":5";
        String k = "\"idempotencyKey\":\"bad-key\"";
        String d = "\"description\":\"AI Chat\"";
        String metadata21 = IntStream.range(0, 21).mapToObj(i -> "\"k" + i + "\":\"v\"").collect(Collectors.joining(","));
        return Stream.of(
                Arguments.of("empty body", "", 400, "invalid_json"),
                Arguments.of("not JSON", "amount=5", 400, "invalid_json"),
                Arguments.of("a JSON array", "[1,2]", 400, "invalid_json"),
                Arguments.of("truncated JSON", "{" + u + "," + a, 400, "invalid_json"),
                Arguments.of("trailing content", "{" + u + "," + a + "," + k + "," + d + "} {}", 400, "invalid_json"),
                Arguments.of("lenient JSON", "{userId:'bad-user'," + a + "," + k + "," + d + "}", 400, "invalid_json"),
                Arguments.of("amount as a string", "{" + u + ",\"amount\":\"5\"," + k + "," + d + "}", 400, "invalid_request"),
                Arguments.of("fractional amount", "{" + u + ",\"amount\":5.5," + k + "," + d + "}", 400, "invalid_request"),
                Arguments.of("exponent amount", "{" + u + ",\"amount\":1e3," + k + "," + d + "}", 400, "invalid_request"),
                Arguments.of("zero amount", "{" + u + ",\"amount\":0," + k + "," + d + "}", 400, "invalid_request"),
                Arguments.of("negative amount", "{" + u + ",\"amount\":-5," + k + "," + d + "}", 400, "invalid_request"),
                Arguments.of("amount over the maximum", "{" + u + ",\"amount\":1000001," + k + "," + d + "}", 400, "invalid_request"),
                Arguments.of("amount beyond long", "{" + u + ",\"amount\":99999999999999999999999," + k + "," + d + "}", 400, "invalid_request"),
                Arguments.of("missing userId", "{" + a + "," + k + "," + d + "}", 400, "invalid_request"),
                Arguments.of("missing amount", "{" + u + "," + k + "," + d + "}", 400, "invalid_request"),
                Arguments.of("missing key", "{" + u + "," + a + "," + d + "}", 400, "invalid_request"),
                Arguments.of("missing description", "{" + u + "," + a + "," + k + "}", 400, "invalid_request"),
                Arguments.of("null userId", "{\"userId\":null," + a + "," + k + "," + d + "}", 400, "invalid_request"),
                Arguments.of("userId with the key separator", "{\"userId\":\"a#b\"," + a + "," + k + "," + d + "}", 400, "invalid_request"),
                Arguments.of("userId too long", "{\"userId\":\"" + "u".repeat(129) + "\"," + a + "," + k + "," + d + "}", 400, "invalid_request"),
                Arguments.of("key too long", "{" + u + "," + a + ",\"idempotencyKey\":\"" + "k".repeat(256) + "\"," + d + "}", 400, "invalid_request"),
                Arguments.of("key with a space", "{" + u + "," + a + ",\"idempotencyKey\":\"a b\"," + d + "}", 400, "invalid_request"),
                Arguments.of("empty key", "{" + u + "," + a + ",\"idempotencyKey\":\"\"," + d + "}", 400, "invalid_request"),
                Arguments.of("description too long", "{" + u + "," + a + "," + k + ",\"description\":\"" + "d".repeat(201) + "\"}", 400, "invalid_request"),
                Arguments.of("blank description", "{" + u + "," + a + "," + k + ",\"description\":\"  \"}", 400, "invalid_request"),
                Arguments.of("metadata not an object", "{" + u + "," + a + "," + k + "," + d + ",\"metadata\":[1]}", 400, "invalid_request"),
                Arguments.of("metadata value a number", "{" + u + "," + a + "," + k + "," + d + ",\"metadata\":{\"n\":1}}", 400, "invalid_request"),
                Arguments.of("metadata with 21 entries", "{" + u + "," + a + "," + k + "," + d + ",\"metadata\":{" + metadata21 + "}}", 400, "invalid_request"),
                Arguments.of("metadata value too long", "{" + u + "," + a + "," + k + "," + d + ",\"metadata\":{\"m\":\"" + "v".repeat(501) + "\"}}", 400, "invalid_request"),
                Arguments.of("a duplicated field", "{" + u + ",\"amount\":1,\"amount\":5," + k + "," + d + "}", 400, "invalid_json"),
                Arguments.of("JSON nested past 32 levels", "{" + u + "," + a + "," + k + "," + d + ",\"metadata\":{\"m\":"
                        + "[".repeat(40) + "]".repeat(40) + "}}", 400, "invalid_json"),
                Arguments.of("the reserved metadata key", "{" + u + "," + a + "," + k + "," + d + ",\"metadata\":{\"caller\":\"me\"}}", 400, "invalid_request"),
                Arguments.of("a lone surrogate in the description", "{" + u + "," + a + "," + k + ",\"description\":\"AI \\ud800\"}", 400, "invalid_request"),
                Arguments.of("a bidi override in the description", "{" + u + "," + a + "," + k + ",\"description\":\"AI \\u202e\"}", 400, "invalid_request"),
                Arguments.of("a zero-width space in the user id", "{\"userId\":\"bad\\u200buser\"," + a + "," + k + "," + d + "}", 400, "invalid_request"),
                Arguments.of("unknown field", "{" + u + "," + a + "," + k + "," + d + ",\"balance\":1000}", 400, "invalid_request"),
                Arguments.of("body over 16 KiB", "{" + u + "," + a + "," + k + "," + d + ",\"metadata\":{\"m\":\"" + "v".repeat(Limits.MAX_BODY_BYTES) + "\"}}", 413, "payload_too_large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void aBadRequestIsA4xxAndWritesNothing(String name, String body, int status, String code) {
        int itemsBefore = audit.itemCount();

        assertError(post(body), status, code);

        assertEquals(itemsBefore, audit.itemCount(), "a refused request must not write");
        assertNull(audit.balance("bad-user"));
    }

    @Test
    void anOversizedBase64BodyIs413BeforeItIsDecoded() {
        // not even valid base64: the size alone refuses it, so a large body is never decoded
        APIGatewayV2HTTPEvent event = ApiEvents.iam(ROUTE, "%".repeat(Limits.MAX_BODY_BYTES * 4 / 3 + 8));
        event.setIsBase64Encoded(true);

        assertError(handler.handleRequest(event, new LocalContext("test")), 413, "payload_too_large");
    }

    @Test
    void aBase64BodyThatIsNotBase64Is400() {
        APIGatewayV2HTTPEvent event = ApiEvents.iam(ROUTE, "%%%not-base64%%%");
        event.setIsBase64Encoded(true);

        assertError(handler.handleRequest(event, new LocalContext("test")), 400, "invalid_json");
    }

    private static ConsumeCreditsHandler handlerAllowing(String... callers) {
        return new ConsumeCreditsHandler(new CreditLedger(new DynamoDbStores(table.client(), table.name()).credits(),
                Clock.systemUTC()), new IamCallers(List.of(callers)));
    }

    private static APIGatewayV2HTTPResponse post(String body) {
        return handler.handleRequest(ApiEvents.iam(ROUTE, body), new LocalContext("test"));
    }

    private static String request(String user, String amount, String key) {
        return "{\"userId\":\"" + user + "\",\"amount\":" + amount + ",\"idempotencyKey\":\"" + key
                + "\",\"description\":\"AI Chat - GPT-4\",\"metadata\":{\"model\":\"gpt-4\"}}";
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }
}
