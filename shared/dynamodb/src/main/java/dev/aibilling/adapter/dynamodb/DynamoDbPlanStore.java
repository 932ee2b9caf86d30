package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.n;
import static dev.aibilling.adapter.dynamodb.Items.s;

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
        return PlanItems.SCHEMA.itemToMap(plan, true);
    }

    private static Plan fromItem(Map<String, AttributeValue> item) {
        return PlanItems.SCHEMA.mapToItem(item);
    }
}
