package dev.aibilling.function.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.LedgerAudit;
import dev.aibilling.emulator.ProjectPaths;
import dev.aibilling.emulator.SamTemplate;
import dev.aibilling.testing.TestBilling;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** events/admin-grant-credits.json through the handler string of template.yaml. */
class AdminSampleEventTest {

    @Test
    void theTemplateHandlerGrantsTheSamplesCredits() throws Exception {
        try (TestBilling billing = TestBilling.start()) {
            billing.applyToSystemProperties();
            LambdaInvoker function = LambdaInvoker.forFunction(SamTemplate.load(), "AdminFunction");

            JsonObject response = JsonParser.parseString(function.invokeJson(
                    Files.readString(ProjectPaths.events().resolve("admin-grant-credits.json")))).getAsJsonObject();

            assertEquals(200, response.get("statusCode").getAsInt(), response.toString());
            assertEquals(150L, new LedgerAudit(billing.table()).balance("user-123"), "100 signup credits and 50 granted");
        }
    }
}
