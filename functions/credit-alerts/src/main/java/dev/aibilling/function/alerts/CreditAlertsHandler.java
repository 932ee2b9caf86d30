package dev.aibilling.function.alerts;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.aibilling.adapter.eventbridge.EventBridgePublisher;
import dev.aibilling.adapter.runtime.Clocks;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.events.DomainEventPublisher;
import dev.aibilling.domain.notifications.CreditsLowDetector;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Watches the table's stream of account changes (the event source mapping's filter passes
 * only ACCOUNT items) and publishes CreditsLow when a balance crosses below the threshold.
 * Off the consume's path: the consume stays one request, and this runs after it, in batches.
 */
public final class CreditAlertsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    static final String THRESHOLD_PERCENT = "LOW_CREDIT_THRESHOLD_PERCENT";

    private final CreditsLowDetector detector;
    private final DomainEventPublisher publisher;
    private final Clock clock;

    public CreditAlertsHandler() {
        this(Config.fromEnvironment());
    }

    private CreditAlertsHandler(Config config) {
        this(new CreditsLowDetector(Integer.parseInt(config.optional(THRESHOLD_PERCENT).orElse("10"))),
                EventBridgePublisher.fromConfig(config), Clocks.fromConfig(config));
    }

    public CreditAlertsHandler(CreditsLowDetector detector, DomainEventPublisher publisher, Clock clock) {
        this.detector = detector;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<DomainEvent> lows = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            Map<String, AttributeValue> before = record.getDynamodb().getOldImage();
            Map<String, AttributeValue> after = record.getDynamodb().getNewImage();
            if (before == null || after == null || !"ACCOUNT".equals(string(after, "SK"))) {
                continue;
            }
            detector.crossing(new CreditsLowDetector.BalanceMove(string(after, "userId"), number(before, "balance"),
                    number(after, "balance"), number(after, "periodAllowance"), time(after, "periodStart"),
                    time(after, "nextResetAt")), clock.instant()).ifPresent(lows::add);
        }
        if (!lows.isEmpty()) {
            // a failure fails the batch: the stream delivers it again, and the ids dedupe
            publisher.publish(lows);
            context.getLogger().log("credits low: " + lows.size() + " of " + event.getRecords().size() + " changes");
        }
        return new StreamsEventResponse();
    }

    private static String string(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image.get(name);
        return value == null ? null : value.getS();
    }

    private static long number(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image.get(name);
        return value == null || value.getN() == null ? 0 : Long.parseLong(value.getN());
    }

    private static Instant time(Map<String, AttributeValue> image, String name) {
        String value = string(image, name);
        return value == null ? null : Instant.parse(value);
    }
}
