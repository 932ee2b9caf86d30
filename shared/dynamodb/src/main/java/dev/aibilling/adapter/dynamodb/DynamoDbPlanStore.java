package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.n;
import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.plans.Money;
import dev.aibilling.domain.plans.Plan;
import dev.aibilling.domain.plans.PlanStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The catalog lives in one partition, so listing it is one Query. */
public final class DynamoDbPlanStore implements PlanStore {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbPlanStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void seed(List<Plan> catalog) {
        for (Plan plan : catalog) {
            dynamoDb.putItem(put -> put.tableName(table).item(toItem(plan)));
        }
        Set<String> seeded = catalog.stream().map(Plan::id).collect(Collectors.toSet());
        for (Plan stored : all()) {
            if (!seeded.contains(stored.id()) && stored.active()) {
                dynamoDb.updateItem(update -> update.tableName(table)
                        .key(Items.key(Keys.CATALOG, Keys.plan(stored.id())))
                        .updateExpression("SET active = :false")
                        .expressionAttributeValues(Map.of(":false", Items.bool(false))));
            }
        }
    }

    @Override
    public List<Plan> all() {
        return dynamoDb.query(q -> q.tableName(table).consistentRead(true)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                        .expressionAttributeValues(Map.of(":pk", s(Keys.CATALOG), ":prefix", s(Keys.PLAN_PREFIX))))
                .items().stream().map(DynamoDbPlanStore::fromItem).toList();
    }

    private static Map<String, AttributeValue> toItem(Plan plan) {
        Map<String, AttributeValue> item = Items.key(Keys.CATALOG, Keys.plan(plan.id()));
        item.put("planId", s(plan.id()));
        item.put("name", s(plan.name()));
        item.put("description", s(plan.description()));
        item.put("monthlyPrice", n(plan.monthlyPrice().amount()));
        item.put("yearlyPrice", n(plan.yearlyPrice().amount()));
        item.put("currency", s(plan.monthlyPrice().currency()));
        item.put("chatsPerMonth", n(plan.chatsPerMonth()));
        item.put("pdfsPerChat", n(plan.pdfsPerChat()));
        item.put("creditsPerMonth", n(plan.creditsPerMonth()));
        item.put("features", AttributeValue.fromL(plan.features().stream().map(Items::s).toList()));
        item.put("active", Items.bool(plan.active()));
        if (plan.monthlyPriceId() != null) {
            item.put("monthlyPriceId", s(plan.monthlyPriceId()));
        }
        if (plan.yearlyPriceId() != null) {
            item.put("yearlyPriceId", s(plan.yearlyPriceId()));
        }
        return item;
    }

    private static Plan fromItem(Map<String, AttributeValue> item) {
        String currency = Items.string(item, "currency");
        return new Plan(Items.string(item, "planId"), Items.string(item, "name"), Items.string(item, "description"),
                new Money(Items.number(item, "monthlyPrice"), currency),
                new Money(Items.number(item, "yearlyPrice"), currency),
                (int) Items.number(item, "chatsPerMonth"), (int) Items.number(item, "pdfsPerChat"),
                Items.number(item, "creditsPerMonth"),
                item.get("features").l().stream().map(AttributeValue::s).toList(),
                Items.bool(item, "active"), Items.string(item, "monthlyPriceId"), Items.string(item, "yearlyPriceId"));
    }
}
