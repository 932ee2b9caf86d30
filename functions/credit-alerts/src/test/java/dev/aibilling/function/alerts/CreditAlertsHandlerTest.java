package dev.aibilling.function.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.aibilling.adapter.eventbridge.EventBridgePublisher;
import dev.aibilling.domain.credits.AdjustmentRequest;
import dev.aibilling.domain.credits.ConsumeRequest;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.credits.PeriodReset;
import dev.aibilling.domain.notifications.CreditsLowDetector;
import dev.aibilling.emulator.DynamoDbStreamSource;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.emulator.SqsEventSource;
import dev.aibilling.testing.TestBilling;
import dev.aibilling.testing.TestClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consumes on the table, read back from its stream as Lambda's event source would: a
 * CreditsLow event when the balance crosses below 10% of the allowance, none above it or
 * further below, and the same id whenever the same period crosses again.
 */
class CreditAlertsHandlerTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private TestBilling billing;
    private CreditLedger ledger;
    private DynamoDbStreamSource stream;
    private String user;
    private int keys;

    @BeforeEach
    void setUp() {
        billing = TestBilling.start();
        TestClock clock = new TestClock(NOW);
        ledger = new CreditLedger(billing.stores().credits(), clock);
        CreditAlertsHandler handler = new CreditAlertsHandler(new CreditsLowDetector(10),
                EventBridgePublisher.fromConfig(billing.config()), clock);
        stream = billing.table().emulator().streamOf(billing.table().name(),
                event -> handler.handleRequest(event, new LocalContext("credit-alerts")));
        user = "user-" + UUID.randomUUID();
        ledger.account(user);
    }

    @AfterEach
    void tearDown() {
        billing.close();
    }

    @Test
    void aWarningWhenTheBalanceCrossesBelowTheThresholdAndNotAgainBelowIt() {
        consume(85);
        assertEquals(List.of(), lows(), "15 of 100 left: above 10");

        consume(6);
        List<JsonObject> crossed = lows();
        assertEquals(1, crossed.size());
        assertEquals("credits-low:" + user + ":signup", crossed.get(0).get("id").getAsString());
        assertEquals(9, crossed.get(0).get("balance").getAsLong());
        assertEquals(10, crossed.get(0).get("threshold").getAsLong());

        consume(1);
        assertEquals(List.of(), lows(), "already below: no second warning");
    }

    @Test
    void crossingAgainInTheSamePeriodCarriesTheSameIdAndANewPeriodANewOne() {
        consume(91);
        String first = lows().get(0).get("id").getAsString();

        ledger.adjust(new AdjustmentRequest(user, 50, "goodwill", "grant-" + user, "admin-1"));
        consume(50);
        assertEquals(first, lows().get(0).get("id").getAsString(), "the notify function drops the repeat");

        Instant period = Instant.parse("2026-12-01T00:00:00Z");
        ledger.resetForPeriod(new PeriodReset(user, "pro", 1000, period, Instant.parse("2027-01-01T00:00:00Z"),
                "sub_1@dec", "sub_1", PeriodReset.NextReset.BY_INVOICE));
        assertEquals(List.of(), lows(), "a refill is no crossing");
        consume(901);
        JsonObject next = lows().get(0);
        assertNotEquals(first, next.get("id").getAsString());
        assertEquals(100, next.get("threshold").getAsLong(), "10% of the period's 1,000");
    }

    private void consume(long amount) {
        ledger.consume(new ConsumeRequest(user, amount, "k" + (++keys) + "-" + user, "AI Chat", Map.of(), "test"));
    }

    /** Reads the stream as the event source would, and the CreditsLow events that reached the bus. */
    private List<JsonObject> lows() {
        stream.pollOnce();
        return SqsEventSource.bodies(billing.table().emulator().sqs(), billing.bus().observerQueueUrl()).stream()
                .map(body -> JsonParser.parseString(body).getAsJsonObject())
                .filter(e -> e.get("detail-type").getAsString().equals("CreditsLow"))
                .map(e -> e.getAsJsonObject("detail")).toList();
    }
}
