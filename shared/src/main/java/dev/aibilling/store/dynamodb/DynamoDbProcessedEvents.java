package dev.aibilling.store.dynamodb;

import static dev.aibilling.store.dynamodb.Items.n;
import static dev.aibilling.store.dynamodb.Items.s;

import dev.aibilling.billing.ProcessedEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** EVENT#evt_... markers, kept well past Stripe's 30 days of redelivery and event listing. */
public final class DynamoDbProcessedEvents implements ProcessedEvents {
    static final Duration RETENTION = Duration.ofDays(60);

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbProcessedEvents(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public boolean isProcessed(String eventId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Items.key(Keys.stripeEvent(eventId), Keys.EVENT))).item();
        return item != null && !item.isEmpty();
    }

    @Override
    public void markProcessed(String eventId, String type, Instant now) {
        Map<String, AttributeValue> item = Items.key(Keys.stripeEvent(eventId), Keys.EVENT);
        item.put("type", s(type));
        item.put("processedAt", Items.time(now));
        item.put("expiresAt", n(now.plus(RETENTION).getEpochSecond()));
        dynamoDb.putItem(p -> p.tableName(table).item(item));
    }
}
