package dev.aibilling.function.checkout;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.ProjectPaths;
import dev.aibilling.emulator.SamTemplate;
import dev.aibilling.testing.TestBilling;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** events/create-checkout.json through the handler string of template.yaml, Stripe on WireMock. */
class CreateCheckoutSampleEventTest {

    @Test
    void theTemplateHandlerAnswersTheSampleWithACheckoutUrl() throws Exception {
        try (TestBilling billing = TestBilling.start()) {
            billing.applyToSystemProperties();
            billing.stripe().customerCreated("cus_sample");
            billing.stripe().checkoutSessionCreated("cs_test_sample");
            LambdaInvoker function = LambdaInvoker.forFunction(SamTemplate.load(), "CreateCheckoutFunction");

            JsonObject response = JsonParser.parseString(function.invokeJson(
                    Files.readString(ProjectPaths.events().resolve("create-checkout.json")))).getAsJsonObject();

            assertEquals(200, response.get("statusCode").getAsInt(), response.toString());
            assertEquals("https://checkout.stripe.com/c/pay/cs_test_sample", JsonParser.parseString(
                    response.get("body").getAsString()).getAsJsonObject().get("url").getAsString());
            billing.stripe().server().verify(1, postRequestedFor(urlEqualTo("/v1/checkout/sessions")));
        }
    }
}
