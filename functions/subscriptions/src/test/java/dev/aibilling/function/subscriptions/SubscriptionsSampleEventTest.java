package dev.aibilling.function.subscriptions;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.subscriptions.Subscription;
import dev.aibilling.domain.subscriptions.SubscriptionStatus;
import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.ProjectPaths;
import dev.aibilling.emulator.SamTemplate;
import dev.aibilling.emulator.stripe.StripeObjects;
import dev.aibilling.testing.TestBilling;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** events/subscriptions-cancel.json through the handler string of template.yaml, Stripe on WireMock. */
class SubscriptionsSampleEventTest {
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void theTemplateHandlerCancelsTheSamplesSubscriptionAtPeriodEnd() throws Exception {
        try (TestBilling billing = TestBilling.start()) {
            billing.applyToSystemProperties();
            new CreditLedger(billing.stores().credits(), Clock.systemUTC()).account("user-123");
            billing.stores().subscriptions().save(new Subscription("user-123", "sub_sample", SubscriptionStatus.ACTIVE,
                    "pro", BillingCycle.MONTHLY, TestBilling.PRO_MONTHLY, "si_sub_sample", START, END, false,
                    Instant.now()), "pro");
            billing.stripe().subscriptionUpdated(StripeObjects.subscription("sub_sample", "cus_sample", "user-123",
                    "active", TestBilling.PRO_MONTHLY, START, END, true));
            LambdaInvoker function = LambdaInvoker.forFunction(SamTemplate.load(), "SubscriptionsFunction");

            JsonObject response = JsonParser.parseString(function.invokeJson(
                    Files.readString(ProjectPaths.events().resolve("subscriptions-cancel.json")))).getAsJsonObject();

            assertEquals(200, response.get("statusCode").getAsInt(), response.toString());
            assertTrue(JsonParser.parseString(response.get("body").getAsString()).getAsJsonObject()
                    .getAsJsonObject("subscription").get("cancelAtPeriodEnd").getAsBoolean());
            billing.stripe().server().verify(1, postRequestedFor(urlEqualTo("/v1/subscriptions/sub_sample")));
        }
    }
}
