package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.n;
import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.notifications.NotificationLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * NOTIFICATION#<domain event id> / NOTIFICATION: CLAIMED while a sender works on it, then
 * what became of it (SENT is written just before the send). A claim older than {@link #LEASE} is taken over (its sender died
 * between claiming and completing); kept 90 days, longer than any redelivery.
 */
public final class DynamoDbNotificationLog implements NotificationLog {
    /** Longer than a send takes, shorter than Lambda's first async retry (about a minute). */
    static final Duration LEASE = Duration.ofSeconds(50);
    static final Duration RETENTION = Duration.ofDays(90);
    private static final String CLAIMED = "CLAIMED";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbNotificationLog(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Claim claim(String eventId, Instant now) {
        Map<String, AttributeValue> item = Items.key(Keys.notification(eventId), Keys.NOTIFICATION);
        item.put("status", s(CLAIMED));
        item.put("claimedAt", Items.time(now));
        item.put("expiresAt", n(now.plus(RETENTION).getEpochSecond()));
        try {
            dynamoDb.putItem(p -> p.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(PK) OR (#s = :claimed AND claimedAt < :stale)")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":claimed", s(CLAIMED), ":stale", Items.time(now.minus(LEASE)))));
            return Claim.CLAIMED;
        } catch (ConditionalCheckFailedException e) {
            return Claim.TAKEN;
        }
    }

    @Override
    public void complete(String eventId, Result result, String detail, Instant now) {
        dynamoDb.updateItem(u -> u.tableName(table).key(Items.key(Keys.notification(eventId), Keys.NOTIFICATION))
                .updateExpression("SET #s = :result, detail = :detail, completedAt = :now")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":result", s(result.name()), ":detail", s(detail),
                        ":now", Items.time(now))));
    }

    @Override
    public void release(String eventId, Instant claimedAt) {
        try {
            dynamoDb.deleteItem(d -> d.tableName(table).key(Items.key(Keys.notification(eventId), Keys.NOTIFICATION))
                    .conditionExpression("#s IN (:claimed, :sent) AND claimedAt = :mine")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":claimed", s(CLAIMED), ":sent", s(Result.SENT.name()),
                            ":mine", Items.time(claimedAt))));
        } catch (ConditionalCheckFailedException e) {
            // taken over after the lease: the taker's record stands
        }
    }
}
