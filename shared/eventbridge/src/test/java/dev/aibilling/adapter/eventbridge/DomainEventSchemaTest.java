package dev.aibilling.adapter.eventbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.emulator.AwsEmulator;
import dev.aibilling.emulator.ProjectPaths;
import dev.aibilling.emulator.SqsEventSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The published contract: every domain event, as EventBridge delivers it to a rule's
 * target, validates against domain-events.schema.json (which the README points consumers
 * to), and the schema names exactly the events the domain has.
 */
class DomainEventSchemaTest {
    private static final Path SCHEMA = ProjectPaths.root().resolve("shared/eventbridge/domain-events.schema.json");
    private static final Instant AT = Instant.parse("2026-11-29T10:15:30.123Z");

    private static List<DomainEvent> oneOfEach() {
        return List.of(
                new DomainEvent.SubscriptionChanged("subscription-changed:sub_1", "user-1", AT, "sub_1", "active",
                        "pro", "monthly", AT.plusSeconds(86_400), true, "cancellation_scheduled"),
                new DomainEvent.CreditsGranted("credits-granted:sub_1@1", "user-1", AT, "sub_1", "pro", 1000, AT,
                        AT.plusSeconds(86_400)),
                new DomainEvent.PaymentSucceeded("payment-succeeded:in_1", "user-1", AT, "in_1", 1900, "usd",
                        "https://invoice.stripe.com/i/in_1", "https://invoice.stripe.com/i/in_1/pdf",
                        "https://pay.stripe.com/receipts/rcpt_1", "pro", AT, AT.plusSeconds(86_400), "user-1@example.com"),
                new DomainEvent.PaymentFailed("payment-failed:in_2:1", "user-1", AT, "in_2", 1900, "usd", null, 1,
                        null, null),
                new DomainEvent.PaymentRefunded("payment-refunded:pi_1:500", "user-1", AT, "pi_1", 1900, 500, "usd"),
                new DomainEvent.CreditsGranted("credits-granted:free@1", "user-2", AT, null, "free", 100, AT,
                        AT.plusSeconds(86_400)),
                new DomainEvent.CreditsLow("credits-low:user-1:1795766400", "user-1", AT, 9, 100, 10,
                        AT.plusSeconds(86_400)),
                new DomainEvent.LedgerDiscrepancyFound("ledger-discrepancy:user-1:999:95", "user-1", AT, 999, 95, 3),
                new DomainEvent.ReconciliationCompleted("reconciliation-completed:1", AT, AT.minusSeconds(2), 10, 0, 3,
                        40, 1, null, AT.minusSeconds(2), false, 100, 0, 50, 1, true));
    }

    @Test
    void everyDomainEventAsDeliveredValidatesAgainstThePublishedSchema() throws IOException {
        AwsEmulator emulator = AwsEmulator.moto();
        AwsEmulator.EventBus bus = emulator.createEventBus("schema-" + UUID.randomUUID().toString().substring(0, 8));
        Map<String, String> settings = new HashMap<>(emulator.settings("unused"));
        settings.put(EventBridgePublisher.EVENT_BUS_NAME, bus.name());
        EventBridgePublisher.fromConfig(Config.of(settings)).publish(oneOfEach());

        List<String> delivered = SqsEventSource.bodies(emulator.sqs(), bus.observerQueueUrl());

        assertEquals(oneOfEach().size(), delivered.size());
        Schema schema = schema();
        for (String event : delivered) {
            List<Error> errors = schema.validate(event, InputFormat.JSON);
            assertEquals(List.of(), errors.stream().map(Error::toString).toList(), event);
        }
        Set<String> types = delivered.stream().map(e -> JsonParser.parseString(e).getAsJsonObject()
                .get("detail-type").getAsString()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(detailTypesOfTheDomain(), types);
    }

    @Test
    void theSchemaNamesExactlyTheDomainsEvents() throws IOException {
        JsonObject schema = JsonParser.parseString(Files.readString(SCHEMA)).getAsJsonObject();
        Set<String> named = new TreeSet<>();
        schema.getAsJsonObject("properties").getAsJsonObject("detail-type").getAsJsonArray("enum")
                .forEach(name -> named.add(name.getAsString()));

        assertEquals(detailTypesOfTheDomain(), named);
        named.forEach(name -> assertEquals(true, schema.getAsJsonObject("$defs").has(name), name));
    }

    @Test
    void aDetailWithAnUndeclaredFieldIsRefusedSoTheSchemaCannotDrift() throws IOException {
        String drifted = "{\"source\":\"aibilling.billing\",\"detail-type\":\"PaymentRefunded\",\"detail\":"
                + EventBridgePublisher.detail(oneOfEach().get(4)).replace("}", ",\"extra\":1}") + "}";

        assertEquals(1, schema().validate(drifted, InputFormat.JSON).size());
    }

    private static Schema schema() throws IOException {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(SCHEMA), InputFormat.JSON);
    }

    private static Set<String> detailTypesOfTheDomain() {
        return Arrays.stream(DomainEvent.class.getPermittedSubclasses()).map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
