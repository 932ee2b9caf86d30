package dev.aibilling.function.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.LedgerAudit;
import dev.aibilling.emulator.ProjectPaths;
import dev.aibilling.emulator.SamTemplate;
import dev.aibilling.emulator.TestTable;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * What `sam local invoke ConsumeCreditsFunction -e events/consume-credits.json
 * --parameter-overrides ConsumeCallerArns=arn:aws:iam::123456789012:role/ai-backend` does:
 * the handler named in template.yaml, built by its no-argument constructor from the
 * environment, invoked with the sample event through Lambda's own event deserialiser.
 */
class ConsumeCreditsSampleEventTest {

    @Test
    void theTemplateHandlerConsumesWithTheSampleEvent() throws Exception {
        TestTable table = TestTable.onMoto();
        table.emulator().applySettings(table.name());
        // the sample event is signed by a session of this role
        System.setProperty("CONSUME_CALLER_ARNS", "arn:aws:iam::123456789012:role/ai-backend");
        LambdaInvoker function = LambdaInvoker.forFunction(SamTemplate.load(), "ConsumeCreditsFunction");

        String event = Files.readString(ProjectPaths.events().resolve("consume-credits.json"));
        JsonObject response = JsonParser.parseString(function.invokeJson(event)).getAsJsonObject();
        JsonObject replay = JsonParser.parseString(function.invokeJson(event)).getAsJsonObject();

        assertEquals(200, response.get("statusCode").getAsInt(), response.toString());
        JsonObject result = JsonParser.parseString(response.get("body").getAsString()).getAsJsonObject();
        assertEquals("user-123", result.get("userId").getAsString());
        assertEquals(5, result.get("amount").getAsLong());
        assertEquals(true, JsonParser.parseString(replay.get("body").getAsString()).getAsJsonObject()
                .get("replayed").getAsBoolean());
        LedgerAudit audit = new LedgerAudit(table);
        assertEquals(95L, audit.balance("user-123"));
        audit.assertBalanced("user-123");
    }
}
