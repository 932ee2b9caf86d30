package dev.aibilling.function.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.ProjectPaths;
import dev.aibilling.emulator.SamTemplate;
import dev.aibilling.emulator.SqsEventSource;
import dev.aibilling.testing.TestBilling;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What `sam local invoke CreditAlertsFunction -e events/credit-alerts-stream.json` does. */
class CreditAlertsSampleEventTest {

    @Test
    void theTemplateHandlerPublishesCreditsLowForTheSampleChange() throws Exception {
        try (TestBilling billing = TestBilling.start()) {
            billing.applyToSystemProperties();
            LambdaInvoker function = LambdaInvoker.forFunction(SamTemplate.load(), "CreditAlertsFunction");

            function.invokeJson(Files.readString(ProjectPaths.events().resolve("credit-alerts-stream.json")));

            List<JsonObject> published = SqsEventSource.bodies(billing.table().emulator().sqs(),
                    billing.bus().observerQueueUrl()).stream().map(b -> JsonParser.parseString(b).getAsJsonObject())
                    .toList();
            assertEquals(1, published.size());
            assertEquals("CreditsLow", published.get(0).get("detail-type").getAsString());
            JsonObject detail = published.get(0).getAsJsonObject("detail");
            assertEquals("credits-low:user-123:1795766400", detail.get("id").getAsString());
            assertEquals(70, detail.get("balance").getAsLong());
        }
    }
}
