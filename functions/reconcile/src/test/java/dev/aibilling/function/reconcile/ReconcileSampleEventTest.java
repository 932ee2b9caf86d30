package dev.aibilling.function.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.ProjectPaths;
import dev.aibilling.emulator.SamTemplate;
import dev.aibilling.testing.TestBilling;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What `sam local invoke ReconcileFunction -e events/reconcile-scheduled.json` does: the
 * template's handler, built from the environment, run with the schedule's payload.
 */
class ReconcileSampleEventTest {

    @Test
    void theTemplateHandlerRefillsADueFreeAccountAndReports() throws Exception {
        try (TestBilling billing = TestBilling.start()) {
            billing.applyToSystemProperties();
            billing.stripe().eventLog(List.of(), 100);
            String user = "user-" + UUID.randomUUID();
            new CreditLedger(billing.stores().credits(), Clock.systemUTC()).account(user);
            // opened a month ago: its first refill is due
            Instant monthAgo = Instant.now().truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC).minusMonths(1)
                    .minusHours(1).toInstant();
            billing.table().client().updateItem(u -> u.tableName(billing.table().name())
                    .key(Map.of("PK", AttributeValue.fromS("USER#" + user), "SK", AttributeValue.fromS("ACCOUNT")))
                    .updateExpression("SET createdAt = :t, nextResetAt = :n, GSI3SK = :n")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(monthAgo.toString().replace("Z", ".000Z")),
                            ":n", AttributeValue.fromS(monthAgo.atZone(ZoneOffset.UTC).plusMonths(1).toInstant()
                                    .toString().replace("Z", ".000Z")))));
            LambdaInvoker function = LambdaInvoker.forFunction(SamTemplate.load(), "ReconcileFunction");

            String event = Files.readString(ProjectPaths.events().resolve("reconcile-scheduled.json"));
            JsonObject report = JsonParser.parseString(JsonParser.parseString(function.invokeJson(event))
                    .getAsString()).getAsJsonObject();

            assertEquals(1, report.get("refills").getAsLong(), report.toString());
            assertTrue(report.get("complete").getAsBoolean(), report.toString());
            assertEquals(100, billing.stores().credits().findAccount(user).orElseThrow().balance());
        }
    }
}
