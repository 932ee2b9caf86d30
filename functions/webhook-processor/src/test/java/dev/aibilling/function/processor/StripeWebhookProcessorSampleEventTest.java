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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * events/webhook-processor*.json (SQS batches: a webhook's event, and the same event as
 * Stripe's EventBridge destination delivers it) through the handler string of template.yaml.
 */
class StripeWebhookProcessorSampleEventTest {

    @ParameterizedTest
    @ValueSource(strings = {"webhook-processor.json", "webhook-processor-eventbridge.json"})
    void theTemplateHandlerAppliesTheSampleBatch(String sample) throws Exception {
        try (TestBilling billing = TestBilling.start()) {
            billing.applyToSystemProperties();
            // the sample's customer went through our checkout; Stripe answers the session it names
            billing.stores().customers().save("user-123", "cus_sample");
            billing.stripe().checkoutSession(StripeObjects.checkoutSession("cs_test_sample", "user-123", "cus_sample",
                    StripeObjects.subscription("sub_sample", "cus_sample", "user-123", "active",
                            TestBilling.PRO_MONTHLY, Instant.parse("2026-11-27T08:00:00Z"),
                            Instant.parse("2026-12-27T08:00:00Z"), false), "paid"));
            LambdaInvoker function = LambdaInvoker.forFunction(SamTemplate.load(), "WebhookProcessorFunction");

            JsonObject response = JsonParser.parseString(function.invokeJson(
                    Files.readString(ProjectPaths.events().resolve(sample)))).getAsJsonObject();

            assertEquals(0, response.getAsJsonArray("batchItemFailures").size(), response.toString());
            assertEquals(SubscriptionStatus.ACTIVE, billing.stores().subscriptions().find("user-123").orElseThrow().status());
            assertEquals(1000L, new LedgerAudit(billing.table()).balance("user-123"));
        }
    }
}
