package dev.aibilling.function.intake;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.aibilling.adapter.webhook.StripeSignatureVerifier;
import dev.aibilling.emulator.AwsEmulator;
import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.ProjectPaths;
import dev.aibilling.emulator.SamTemplate;
import dev.aibilling.emulator.SqsEventSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * events/webhook-intake.json is a Function URL request signed with the documented local
 * secret. Its timestamp is fixed, so it is verified at that instant; through the template's
 * handler it is re-signed with the current time, as `stripe listen` would deliver it.
 */
class StripeWebhookIntakeSampleEventTest {
    static final String LOCAL_SECRET = "whsec_local_development_only";

    @Test
    void theSampleIsSignedWithTheDocumentedLocalSecret() throws Exception {
        JsonObject sample = sample();
        String header = sample.getAsJsonObject("headers").get("stripe-signature").getAsString();
        long signedAt = Long.parseLong(header.substring(2, header.indexOf(',')));
        StripeSignatureVerifier verifier = new StripeSignatureVerifier(List.of(LOCAL_SECRET),
                Clock.fixed(Instant.ofEpochSecond(signedAt), ZoneOffset.UTC));

        assertDoesNotThrow(() -> verifier.verify(header, body(sample)));
    }

    @Test
    void theTemplateHandlerQueuesTheSampleEvent() throws Exception {
        AwsEmulator emulator = AwsEmulator.moto();
        String queueUrl = emulator.createWebhookQueues("intake-sample").queueUrl();
        emulator.applySettings("unused");
        System.setProperty("QUEUE_URL", queueUrl);
        System.setProperty("STRIPE_WEBHOOK_SECRETS", LOCAL_SECRET);
        LambdaInvoker function = LambdaInvoker.forFunction(SamTemplate.load(), "WebhookIntakeFunction");
        JsonObject sample = sample();
        sample.getAsJsonObject("headers").addProperty("stripe-signature",
                StripeSignatureVerifier.sign(LOCAL_SECRET, Instant.now().getEpochSecond(), body(sample)));

        JsonObject response = JsonParser.parseString(function.invokeJson(sample.toString())).getAsJsonObject();

        assertEquals(200, response.get("statusCode").getAsInt(), response.toString());
        assertEquals(List.of(sample.get("body").getAsString()), SqsEventSource.bodies(emulator.sqs(), queueUrl));
    }

    private static JsonObject sample() throws Exception {
        return JsonParser.parseString(Files.readString(ProjectPaths.events().resolve("webhook-intake.json")))
                .getAsJsonObject();
    }

    private static byte[] body(JsonObject sample) {
        return sample.get("body").getAsString().getBytes(StandardCharsets.UTF_8);
    }
}
