package dev.aibilling.function.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.aibilling.domain.subscriptions.SubscriptionStatus;
import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.LedgerAudit;
import dev.aibilling.emulator.ProjectPaths;
import dev.aibilling.emulator.SamTemplate;
import dev.aibilling.emulator.stripe.StripeObjects;
import dev.aibilling.testing.TestBilling;
import java.nio.file.Files;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** events/webhook-processor.json (an SQS batch) through the handler string of template.yaml. */
class StripeWebhookProcessorSampleEventTest {

    @Test
    void theTemplateHandlerAppliesTheSampleBatch() throws Exception {
        try (TestBilling billing = TestBilling.start()) {
            billing.applyToSystemProperties();
            billing.stripe().subscription(StripeObjects.subscription("sub_sample", "cus_sample", "user-123", "active",
                    TestBilling.PRO_MONTHLY, Instant.parse("2026-11-27T08:00:00Z"),
                    Instant.parse("2026-12-27T08:00:00Z"), false));
            LambdaInvoker function = LambdaInvoker.forFunction(SamTemplate.load(), "WebhookProcessorFunction");

            JsonObject response = JsonParser.parseString(function.invokeJson(
                    Files.readString(ProjectPaths.events().resolve("webhook-processor.json")))).getAsJsonObject();

            assertEquals(0, response.getAsJsonArray("batchItemFailures").size(), response.toString());
            assertEquals(SubscriptionStatus.ACTIVE, billing.stores().subscriptions().find("user-123").orElseThrow().status());
            assertEquals(1000L, new LedgerAudit(billing.table()).balance("user-123"));
        }
    }
}
