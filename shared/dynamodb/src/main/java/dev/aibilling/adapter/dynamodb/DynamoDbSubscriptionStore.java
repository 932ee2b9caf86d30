package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.n;
import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.plans.PlanCatalog;
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
import software.amazon.awssdk.services.dynamodb.model.Update;

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
        return Optional.of(subscription(item));
    }

    /** A subscription item as the domain's record; the user is the item's partition. */
    static Subscription subscription(Map<String, AttributeValue> item) {
        return new Subscription(Items.string(item, Keys.PK).substring(Keys.user("").length()),
                Items.string(item, "subscriptionId"), SubscriptionStatus.of(Items.string(item, "status")),
                Items.string(item, "planId"), BillingCycle.valueOf(Items.string(item, "billingCycle")),
                Items.string(item, "priceId"), Items.string(item, "itemId"), Items.time(item, "currentPeriodStart"),
                Items.time(item, "currentPeriodEnd"), Items.bool(item, "cancelAtPeriodEnd"),
                Instant.ofEpochMilli(Items.number(item, "observedAt")));
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
        if (subscription.status().entitlesToPlan()) {
            // on the list the reconciler compares with the provider
            item.put(Keys.GSI3PK, s(Keys.livePartition(subscription.userId())));
            item.put(Keys.GSI3SK, s(subscription.userId()));
        }
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
                    TransactWriteItem.builder().update(account(subscription, accountPlanId)).build())));
            return true;
        } catch (TransactionCanceledException e) {
            if (CONDITION_FAILED.equals(e.cancellationReasons().get(0).code())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The account's plan follows the subscription. On the Free plan the account is put
     * back on the refill schedule: its next reset (the end of the paid period it has) is
     * the reconciler's to make.
     */
    private Update account(Subscription subscription, String accountPlanId) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":plan", s(accountPlanId));
        values.put(":now", Items.time(subscription.observedAt()));
        String set = "SET planId = :plan, updatedAt = :now";
        if (PlanCatalog.FREE.equals(accountPlanId)) {
            values.put(":refill", s(Keys.refillPartition(subscription.userId())));
            set += ", GSI3PK = :refill, GSI3SK = nextResetAt";
        }
        return Update.builder().tableName(table).key(Items.key(Keys.user(subscription.userId()), Keys.ACCOUNT))
                .updateExpression(set).conditionExpression("attribute_exists(PK)")
                .expressionAttributeValues(values).build();
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
