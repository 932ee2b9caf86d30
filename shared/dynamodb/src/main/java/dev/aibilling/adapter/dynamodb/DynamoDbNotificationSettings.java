package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.notifications.NotificationKind;
import dev.aibilling.domain.notifications.NotificationSettings;
import dev.aibilling.domain.notifications.NotificationSettingsStore;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** USER#id / NOTIFY: the addresses known for the user and the optional kinds turned off (a string set). */
public final class DynamoDbNotificationSettings implements NotificationSettingsStore {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbNotificationSettings(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public NotificationSettings find(String userId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Items.key(Keys.user(userId), Keys.NOTIFY))).item();
        if (item == null || item.isEmpty()) {
            return NotificationSettings.none(userId);
        }
        Set<NotificationKind> optedOut = EnumSet.noneOf(NotificationKind.class);
        AttributeValue off = item.get("optedOut");
        if (off != null && off.hasSs()) {
            off.ss().forEach(kind -> optedOut.add(NotificationKind.fromWireName(kind)));
        }
        return new NotificationSettings(userId, Items.string(item, "stripeEmail"), Items.string(item, "userEmail"),
                optedOut);
    }

    @Override
    public void rememberStripeEmail(String userId, String email) {
        set(userId, "stripeEmail", email);
    }

    @Override
    public void rememberUserEmail(String userId, String email) {
        set(userId, "userEmail", email);
    }

    private void set(String userId, String attribute, String email) {
        dynamoDb.updateItem(u -> u.tableName(table).key(Items.key(Keys.user(userId), Keys.NOTIFY))
                .updateExpression("SET #a = :email").expressionAttributeNames(Map.of("#a", attribute))
                .expressionAttributeValues(Map.of(":email", s(email))));
    }

    @Override
    public void setOptedOut(String userId, NotificationKind kind, boolean optedOut) {
        // ADD and DELETE on a string set: no read, and concurrent changes of two kinds both hold
        dynamoDb.updateItem(u -> u.tableName(table).key(Items.key(Keys.user(userId), Keys.NOTIFY))
                .updateExpression((optedOut ? "ADD" : "DELETE") + " optedOut :kind")
                .expressionAttributeValues(Map.of(":kind", AttributeValue.fromSs(List.of(kind.wireName())))));
    }
}
