package dev.aibilling.function.queries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.ProjectPaths;
import dev.aibilling.emulator.SamTemplate;
import dev.aibilling.emulator.TestTable;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each sample event of the queries function, through the handler string of template.yaml. */
class QueriesSampleEventsTest {
    private static LambdaInvoker function;

    @BeforeAll
    static void buildFromTemplate() {
        TestTable table = TestTable.onMoto();
        table.emulator().applySettings(table.name());
        function = LambdaInvoker.forFunction(SamTemplate.load(), "QueriesFunction");
    }

    @ParameterizedTest
    @ValueSource(strings = {"queries-list-plans.json", "queries-get-credits.json", "queries-list-usage.json",
        "queries-get-subscription.json", "queries-list-payments.json"})
    void theSampleEventIsAnswered200WithJson(String file) throws Exception {
        String event = Files.readString(ProjectPaths.events().resolve(file));

        JsonObject response = JsonParser.parseString(function.invokeJson(event)).getAsJsonObject();

        assertEquals(200, response.get("statusCode").getAsInt(), response.toString());
        JsonObject body = JsonParser.parseString(response.get("body").getAsString()).getAsJsonObject();
        assertTrue(body.size() > 0);
        if (file.equals("queries-get-credits.json")) {
            assertEquals(100, body.get("balance").getAsLong());
        }
    }
}
