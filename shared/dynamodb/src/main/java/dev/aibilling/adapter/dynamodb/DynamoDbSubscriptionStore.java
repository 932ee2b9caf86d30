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
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** USER#id / SUBSCRIPTION: the newest observation of the user's subscription, written with the account's plan. */
public final class DynamoDbSubscriptionStore implements SubscriptionStore {
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbSubscriptionStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Optional<Subscription> find(String userId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(get -> get.tableName(table).consistentRead(true)
                .key(Items.key(Keys.user(userId), Keys.SUBSCRIPTION))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Subscription(userId, Items.string(item, "subscriptionId"),
                SubscriptionStatus.of(Items.string(item, "status")), Items.string(item, "planId"),
                BillingCycle.valueOf(Items.string(item, "billingCycle")), Items.string(item, "priceId"),
                Items.string(item, "itemId"), Items.time(item, "currentPeriodStart"),
                Items.time(item, "currentPeriodEnd"), Items.bool(item, "cancelAtPeriodEnd"),
                Instant.ofEpochMilli(Items.number(item, "observedAt"))));
    }

    @Override
    public boolean save(Subscription subscription, String accountPlanId) {
        Map<String, AttributeValue> item = Items.key(Keys.user(subscription.userId()), Keys.SUBSCRIPTION);
        item.put("subscriptionId", s(subscription.subscriptionId()));
        item.put("status", s(subscription.status().wireName()));
        item.put("planId", s(subscription.planId()));
        item.put("billingCycle", s(subscription.billingCycle().name()));
        item.put("priceId", s(subscription.priceId()));
        if (subscription.itemId() != null) {
            item.put("itemId", s(subscription.itemId()));
        }
        item.put("currentPeriodStart", Items.time(subscription.currentPeriodStart()));
        item.put("currentPeriodEnd", Items.time(subscription.currentPeriodEnd()));
        item.put("cancelAtPeriodEnd", Items.bool(subscription.cancelAtPeriodEnd()));
        item.put("observedAt", n(subscription.observedAt().toEpochMilli()));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":id", s(subscription.subscriptionId()));
        values.put(":observed", n(subscription.observedAt().toEpochMilli()));
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
            TransactionRetry.run(() -> dynamoDb.transactWriteItems(tx -> tx.transactItems(
                    TransactWriteItem.builder().put(put -> put.tableName(table).item(item)
                            .conditionExpression(expression)
                            .expressionAttributeNames(Map.of("#status", "status"))
                            .expressionAttributeValues(values)).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(table)
                            .key(Items.key(Keys.user(subscription.userId()), Keys.ACCOUNT))
                            .updateExpression("SET planId = :plan, updatedAt = :now")
                            .conditionExpression("attribute_exists(PK)")
                            .expressionAttributeValues(Map.of(":plan", s(accountPlanId),
                                    ":now", Items.time(subscription.observedAt())))).build())));
            return true;
        } catch (TransactionCanceledException e) {
            if (CONDITION_FAILED.equals(e.cancellationReasons().get(0).code())) {
                return false;
            }
            throw e;
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
