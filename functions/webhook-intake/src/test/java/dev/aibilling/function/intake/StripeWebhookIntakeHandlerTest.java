package dev.aibilling.function.intake;

import static dev.aibilling.testing.Responses.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.aibilling.adapter.runtime.AwsClients;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.sqs.SqsSignalQueue;
import dev.aibilling.adapter.webhook.StripeSignatureVerifier;
import dev.aibilling.adapter.webhook.StripeWebhookIntake;
import dev.aibilling.emulator.AwsEmulator;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.emulator.SqsEventSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.SqsClient;

class StripeWebhookIntakeHandlerTest {
    private static final String SECRET = "whsec_current";
    private static final String OLD_SECRET = "whsec_previous";
    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");
    private static final String EVENT = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\","
            + "\"livemode\":false,\"data\":{\"object\":{\"id\":\"in_1\"}}}";

    private final AwsEmulator emulator = AwsEmulator.moto();
    private final SqsClient sqs = emulator.sqs();
    private String queueUrl;
    private StripeWebhookIntakeHandler handler;

    @BeforeEach
    void setUp() {
        queueUrl = emulator.createWebhookQueues("intake-" + UUID.randomUUID().toString().substring(0, 8)).queueUrl();
        handler = handlerOn(queueUrl);
    }

    private StripeWebhookIntakeHandler handlerOn(String url) {
        return handlerOn(url, false);
    }

    private StripeWebhookIntakeHandler handlerOn(String url, boolean livemode) {
        Config config = Config.of(emulator.settings("unused"));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new StripeWebhookIntakeHandler(new StripeWebhookIntake(
                () -> new StripeSignatureVerifier(List.of(SECRET, OLD_SECRET), clock), livemode,
                new SqsSignalQueue(AwsClients.build(SqsClient.builder(), config), url)));
    }

    @Test
    void aVerifiedEventIsQueuedVerbatimAndAcknowledged() {
        APIGatewayV2HTTPResponse response = deliver(sign(SECRET, NOW, EVENT), EVENT, false);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(List.of(EVENT), SqsEventSource.bodies(sqs, queueUrl));
    }

    @Test
    void aBase64BodyIsVerifiedOnItsDecodedBytes() {
        String body = Base64.getEncoder().encodeToString(EVENT.getBytes(StandardCharsets.UTF_8));

        assertEquals(200, deliver(sign(SECRET, NOW, EVENT), body, true).getStatusCode());
        assertEquals(List.of(EVENT), SqsEventSource.bodies(sqs, queueUrl));
    }

    @Test
    void anEventSignedWithTheRotatedOutSecretIsStillAccepted() {
        assertEquals(200, deliver(sign(OLD_SECRET, NOW, EVENT), EVENT, false).getStatusCode());
    }

    @Test
    void oneMatchingSignatureAmongSeveralIsEnough() {
        String header = sign("whsec_unknown", NOW, EVENT) + "," + sign(SECRET, NOW, EVENT).split(",")[1];

        assertEquals(200, deliver(header, EVENT, false).getStatusCode());
    }

    @Test
    void timestampsAtTheToleranceEdgeAreAccepted() {
        assertEquals(200, deliver(sign(SECRET, NOW.minusSeconds(300), EVENT), EVENT, false).getStatusCode());
        assertEquals(200, deliver(sign(SECRET, NOW.plusSeconds(300), EVENT), EVENT, false).getStatusCode());
    }

    static Stream<Arguments> headersStripeLibrariesAccept() {
        String valid = sign(SECRET, NOW, EVENT);
        String[] parts = valid.split(",");
        return Stream.of(
                Arguments.of("an empty part between", parts[0] + ",," + parts[1]),
                Arguments.of("a trailing comma", valid + ","),
                Arguments.of("a part without =", parts[0] + ",junk," + parts[1]),
                Arguments.of("an unknown scheme", parts[0] + ",v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39,"
                        + parts[1]),
                Arguments.of("spaces around parts", parts[0] + " , " + parts[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headersStripeLibrariesAccept")
    void aHeaderIsParsedAsStripesLibrariesParseIt(String name, String header) {
        assertEquals(200, deliver(header, EVENT, false).getStatusCode());
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() {
        String padded = EVENT.replace("\"in_1\"", "\"in_1\",\"pad\":\"\"");
        int missing = StripeWebhookIntake.MAX_PAYLOAD_BYTES - padded.getBytes(StandardCharsets.UTF_8).length;
        String exact = padded.replace("\"pad\":\"\"", "\"pad\":\"" + "p".repeat(missing) + "\"");
        assertEquals(StripeWebhookIntake.MAX_PAYLOAD_BYTES, exact.getBytes(StandardCharsets.UTF_8).length);

        assertEquals(200, deliver(sign(SECRET, NOW, exact), exact, false).getStatusCode());
        String over = exact.replace("\"pad\":\"p", "\"pad\":\"pp");
        assertError(deliver(sign(SECRET, NOW, over), over, false), 413, "payload_too_large");
    }

    static Stream<Arguments> refusedDeliveries() {
        String valid = sign(SECRET, NOW, EVENT);
        String v1 = valid.split(",")[1];
        String nonJson = "this is not json";
        String array = "[1,2,3]";
        String noId = "{\"object\":\"event\",\"type\":\"invoice.paid\",\"livemode\":false}";
        String live = EVENT.replace("\"livemode\":false", "\"livemode\":true");
        String noMode = EVENT.replace("\"livemode\":false,", "");
        String huge = EVENT.replace("\"in_1\"", "\"" + "x".repeat(StripeWebhookIntake.MAX_PAYLOAD_BYTES) + "\"");
        String connect = EVENT.replace("\"livemode\":false", "\"livemode\":false,\"account\":\"acct_1Connected\"");
        return Stream.of(
                Arguments.of("no header", null, EVENT, 400, "invalid_signature"),
                Arguments.of("empty header", "", EVENT, 400, "invalid_signature"),
                Arguments.of("garbage header", "garbage", EVENT, 400, "invalid_signature"),
                Arguments.of("no timestamp", v1, EVENT, 400, "invalid_signature"),
                Arguments.of("non-numeric timestamp", "t=abc," + v1, EVENT, 400, "invalid_signature"),
                Arguments.of("two timestamps", valid + ",t=" + NOW.getEpochSecond(), EVENT, 400, "invalid_signature"),
                Arguments.of("no v1", "t=" + NOW.getEpochSecond() + ",v0=abc", EVENT, 400, "invalid_signature"),
                Arguments.of("v1 not hex", "t=" + NOW.getEpochSecond() + ",v1=zz", EVENT, 400, "invalid_signature"),
                Arguments.of("empty parts", ",,,", EVENT, 400, "invalid_signature"),
                Arguments.of("huge timestamp", "t=99999999999999999999," + v1, EVENT, 400, "invalid_signature"),
                Arguments.of("wrong secret", sign("whsec_wrong", NOW, EVENT), EVENT, 400, "invalid_signature"),
                Arguments.of("stale", sign(SECRET, NOW.minusSeconds(301), EVENT), EVENT, 400, "invalid_signature"),
                Arguments.of("future-dated", sign(SECRET, NOW.plusSeconds(301), EVENT), EVENT, 400, "invalid_signature"),
                Arguments.of("body changed after signing", valid, EVENT.replace("in_1", "in_2"), 400, "invalid_signature"),
                Arguments.of("signed non-JSON", sign(SECRET, NOW, nonJson), nonJson, 400, "invalid_json"),
                Arguments.of("signed JSON array", sign(SECRET, NOW, array), array, 400, "invalid_json"),
                Arguments.of("signed event without id", sign(SECRET, NOW, noId), noId, 400, "invalid_request"),
                Arguments.of("signed event without livemode", sign(SECRET, NOW, noMode), noMode, 400, "invalid_request"),
                Arguments.of("live event at the test endpoint", sign(SECRET, NOW, live), live, 400, "livemode_mismatch"),
                Arguments.of("a Connect account's event", sign(SECRET, NOW, connect), connect, 400,
                        "connect_not_supported"),
                Arguments.of("body over the limit", sign(SECRET, NOW, huge), huge, 413, "payload_too_large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedDeliveries")
    void aRefusedDeliveryIsA4xxAndNothingIsQueued(String name, String header, String body, int status, String code) {
        assertError(deliver(header, body, false), status, code);

        assertEquals(List.of(), SqsEventSource.bodies(sqs, queueUrl));
    }

    @Test
    void aModeMismatchSaysWhichModeReachedWhichEndpoint() {
        String live = EVENT.replace("\"livemode\":false", "\"livemode\":true");
        assertEquals("A live-mode event reached the test-mode endpoint",
                assertError(deliver(sign(SECRET, NOW, live), live, false), 400, "livemode_mismatch")
                        .get("message").getAsString());

        APIGatewayV2HTTPResponse atLive = handlerOn(queueUrl, true).handleRequest(
                event(sign(SECRET, NOW, EVENT), EVENT, false), new LocalContext("intake"));
        assertEquals("A test-mode event reached the live-mode endpoint",
                assertError(atLive, 400, "livemode_mismatch").get("message").getAsString());
        assertEquals(List.of(), SqsEventSource.bodies(sqs, queueUrl));
    }

    @Test
    void aBodyThatIsNotBase64Is400() {
        assertError(deliver(sign(SECRET, NOW, EVENT), "%%%", true), 400, "invalid_json");
    }

    @Test
    void whenTheQueueRefusesStripeIsToldToRetry() {
        StripeWebhookIntakeHandler broken = handlerOn(queueUrl + "-does-not-exist");

        APIGatewayV2HTTPResponse response = broken.handleRequest(event(sign(SECRET, NOW, EVENT), EVENT, false),
                new LocalContext("intake"));

        assertError(response, 503, "enqueue_failed");
    }

    private APIGatewayV2HTTPResponse deliver(String header, String body, boolean base64) {
        return handler.handleRequest(event(header, body, base64), new LocalContext("intake"));
    }

    private static APIGatewayV2HTTPEvent event(String header, String body, boolean base64) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json; charset=utf-8");
        if (header != null) {
            headers.put("stripe-signature", header);
        }
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRouteKey("$default");
        event.setRawPath("/");
        event.setHeaders(headers);
        event.setBody(body);
        event.setIsBase64Encoded(base64);
        return event;
    }

    private static String sign(String secret, Instant at, String payload) {
        return StripeSignatureVerifier.sign(secret, at.getEpochSecond(), payload.getBytes(StandardCharsets.UTF_8));
    }
}
