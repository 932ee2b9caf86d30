package dev.aibilling.store.dynamodb;

import dev.aibilling.plans.BillingCycle;
import dev.aibilling.subscriptions.Subscription;
import dev.aibilling.subscriptions.SubscriptionStore;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

public final class DynamoDbSubscriptionStore implements SubscriptionStore {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbSubscriptionStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Optional<Subscription> find(String userId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(get -> get.tableName(table)
                .key(Items.key(Keys.user(userId), Keys.SUBSCRIPTION))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        String cycle = Items.string(item, "billingCycle");
        return Optional.of(new Subscription(userId, Items.string(item, "subscriptionId"),
                Items.string(item, "status"), Items.string(item, "planId"),
                cycle == null ? null : BillingCycle.valueOf(cycle),
                Items.time(item, "currentPeriodStart"), Items.time(item, "currentPeriodEnd"),
                Items.bool(item, "cancelAtPeriodEnd"), Items.time(item, "updatedAt")));
    }
}
