package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.n;
import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.subscriptions.Subscription;
import dev.aibilling.domain.subscriptions.SubscriptionStatus;
import dev.aibilling.domain.subscriptions.SubscriptionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

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
                SubscriptionStatus.of(Items.string(item, "status")), Items.string(item, "planId"),
                cycle == null ? null : BillingCycle.valueOf(cycle),
                Items.time(item, "currentPeriodStart"), Items.time(item, "currentPeriodEnd"),
                Items.bool(item, "cancelAtPeriodEnd"), Items.time(item, "updatedAt")));
    }

    @Override
    public boolean save(Subscription subscription, Instant observedAt) {
        Map<String, AttributeValue> item = Items.key(Keys.user(subscription.userId()), Keys.SUBSCRIPTION);
        item.put("subscriptionId", s(subscription.subscriptionId()));
        item.put("status", s(subscription.status().wireName()));
        item.put("planId", s(subscription.planId()));
        item.put("billingCycle", s(subscription.billingCycle().name()));
        item.put("currentPeriodStart", Items.time(subscription.currentPeriodStart()));
        item.put("currentPeriodEnd", Items.time(subscription.currentPeriodEnd()));
        item.put("cancelAtPeriodEnd", Items.bool(subscription.cancelAtPeriodEnd()));
        item.put("observedAt", n(observedAt.toEpochMilli()));
        item.put("updatedAt", Items.time(subscription.updatedAt()));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":id", s(subscription.subscriptionId()));
        values.put(":observed", n(observedAt.toEpochMilli()));
        String terminal = terminalStatuses(values);
        // Newer observations of the same subscription win, except over an ended one; a
        // live subscription may replace an ended other one (the user subscribed again).
        String condition = "attribute_not_exists(PK)"
                + " OR (subscriptionId = :id AND observedAt < :observed AND NOT #status IN " + terminal + ")";
        if (!subscription.status().terminal()) {
            condition += " OR (subscriptionId <> :id AND #status IN " + terminal + ")";
        }
        String expression = condition;
        try {
            dynamoDb.putItem(put -> put.tableName(table).item(item).conditionExpression(expression)
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** "(:terminal0, :terminal1)", with the values added: the domain's one definition of an ended subscription. */
    private static String terminalStatuses(Map<String, AttributeValue> values) {
        List<String> names = new ArrayList<>();
        for (SubscriptionStatus status : SubscriptionStatus.TERMINAL) {
            String name = ":terminal" + names.size();
            values.put(name, s(status.wireName()));
            names.add(name);
        }
        return "(" + String.join(", ", names) + ")";
    }
}
