package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.plans.PlanCatalog;
import dev.aibilling.domain.reconcile.RefillSchedule;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The accounts on the refill schedule: account items carrying GSI3PK = REFILL#shard and
 * GSI3SK = their next reset, written with every change that decides who resets them next.
 */
public final class DynamoDbRefillSchedule implements RefillSchedule {
    private final DynamoDbClient dynamoDb;
    private final String table;
    private final ShardedIndex index;

    public DynamoDbRefillSchedule(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.index = new ShardedIndex(dynamoDb, table, Keys.REFILL_PREFIX);
    }

    @Override
    public Page<String> due(Instant now, String cursor, int limit) {
        return index.page(cursor, limit, Keys.timestamp(now), item -> Items.string(item, "userId"));
    }

    @Override
    public void unschedule(String userId) {
        try {
            // only while the plan is a paid one: a lapse to Free in between puts it back, and must stay
            dynamoDb.updateItem(u -> u.tableName(table).key(Items.key(Keys.user(userId), Keys.ACCOUNT))
                    .updateExpression("REMOVE GSI3PK, GSI3SK")
                    .conditionExpression("attribute_exists(PK) AND planId <> :free")
                    .expressionAttributeValues(Map.of(":free", s(PlanCatalog.FREE))));
        } catch (ConditionalCheckFailedException e) {
            // Free again: it stays on the schedule
        }
    }
}
