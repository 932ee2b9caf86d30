package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.n;
import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.reconcile.ReconcileState;
import dev.aibilling.domain.reconcile.ReconcileStateStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** RECONCILE / STATE: the reconciler's checkpoint and cursors, versioned. */
public final class DynamoDbReconcileState implements ReconcileStateStore {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbReconcileState(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public ReconcileState load() {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Items.key(Keys.RECONCILE, Keys.STATE))).item();
        if (item == null || item.isEmpty()) {
            return ReconcileState.INITIAL;
        }
        return new ReconcileState(Items.number(item, "version"), Items.time(item, "checkpoint"),
                Items.time(item, "windowEnd"), Items.string(item, "resumeAfter"), Items.string(item, "auditCursor"),
                Items.string(item, "driftCursor"));
    }

    @Override
    public Optional<ReconcileState> save(ReconcileState next) {
        Map<String, AttributeValue> item = Items.key(Keys.RECONCILE, Keys.STATE);
        item.put("version", n(next.version() + 1));
        putIfPresent(item, "checkpoint", next.checkpoint() == null ? null : Items.time(next.checkpoint()));
        putIfPresent(item, "windowEnd", next.windowEnd() == null ? null : Items.time(next.windowEnd()));
        putIfPresent(item, "resumeAfter", next.resumeAfter() == null ? null : s(next.resumeAfter()));
        putIfPresent(item, "auditCursor", next.auditCursor() == null ? null : s(next.auditCursor()));
        putIfPresent(item, "driftCursor", next.driftCursor() == null ? null : s(next.driftCursor()));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":version", n(next.version()));
        try {
            dynamoDb.putItem(p -> p.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(PK) OR version = :version")
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
        return Optional.of(new ReconcileState(next.version() + 1, next.checkpoint(), next.windowEnd(),
                next.resumeAfter(), next.auditCursor(), next.driftCursor()));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, AttributeValue value) {
        if (value != null) {
            item.put(name, value);
        }
    }
}
