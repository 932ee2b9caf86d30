package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.n;
import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.billing.ProcessedSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** EVENT#evt_... markers, kept well past Stripe's 30 days of redelivery and event listing. */
public final class DynamoDbProcessedSignals implements ProcessedSignals {
    static final Duration RETENTION = Duration.ofDays(60);

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbProcessedSignals(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public boolean isProcessed(String signalId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Items.key(Keys.stripeEvent(signalId), Keys.EVENT))).item();
        return item != null && !item.isEmpty();
    }

    @Override
    public void markProcessed(String signalId, String kind, Instant now) {
        Map<String, AttributeValue> item = Items.key(Keys.stripeEvent(signalId), Keys.EVENT);
        item.put("kind", s(kind));
        item.put("processedAt", Items.time(now));
        item.put("expiresAt", n(now.plus(RETENTION).getEpochSecond()));
        dynamoDb.putItem(p -> p.tableName(table).item(item));
    }
}
