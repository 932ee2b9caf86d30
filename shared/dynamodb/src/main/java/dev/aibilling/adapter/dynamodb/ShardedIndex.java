package dev.aibilling.adapter.dynamodb;

import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.paging.Page;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Pages through one kind of GSI3 partition (REFILL# or LIVE#) across all its shards, in
 * shard order then sort-key order, optionally only up to a sort key. The cursor is the
 * shard and the last key read; it is internal to the reconciler, never shown to a user.
 */
final class ShardedIndex {
    private static final String[] KEY_NAMES = {Keys.PK, Keys.SK, Keys.GSI3PK, Keys.GSI3SK};

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String prefix;

    ShardedIndex(DynamoDbClient dynamoDb, String table, String prefix) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.prefix = prefix;
    }

    /** Up to {@code limit} items with a sort key at most {@code maxSortKey} (null: any). */
    <T> Page<T> page(String cursor, int limit, String maxSortKey, Function<Map<String, AttributeValue>, T> item) {
        int shard = cursor == null ? 0 : shardOf(cursor);
        Map<String, AttributeValue> start = cursor == null ? null : keyOf(cursor);
        List<T> items = new ArrayList<>();
        while (shard < Keys.SHARDS && items.size() < limit) {
            QueryResponse response = query(shard, start, limit - items.size(), maxSortKey);
            response.items().forEach(i -> items.add(item.apply(i)));
            if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
                return new Page<>(items, encode(shard, response.lastEvaluatedKey()));
            }
            shard++;
            start = null;
        }
        return new Page<>(items, shard < Keys.SHARDS ? shard + "|" : null);
    }

    private QueryResponse query(int shard, Map<String, AttributeValue> start, int limit, String maxSortKey) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", Items.s(prefix + shard));
        String condition = "GSI3PK = :pk";
        if (maxSortKey != null) {
            values.put(":max", Items.s(maxSortKey));
            condition += " AND GSI3SK <= :max";
        }
        String keyCondition = condition;
        return dynamoDb.query(q -> q.tableName(table).indexName(Keys.GSI3).keyConditionExpression(keyCondition)
                .expressionAttributeValues(values).limit(limit).exclusiveStartKey(start));
    }

    private static String encode(int shard, Map<String, AttributeValue> lastKey) {
        StringBuilder key = new StringBuilder();
        for (String name : KEY_NAMES) {
            key.append(lastKey.get(name).s()).append('\u0000');
        }
        return shard + "|" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(key.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static int shardOf(String cursor) {
        try {
            return Integer.parseInt(cursor.substring(0, cursor.indexOf('|')));
        } catch (RuntimeException e) {
            throw BillingException.invalid("not a cursor of this index: " + cursor);
        }
    }

    private static Map<String, AttributeValue> keyOf(String cursor) {
        String encoded = cursor.substring(cursor.indexOf('|') + 1);
        if (encoded.isEmpty()) {
            return null;
        }
        String[] parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\u0000");
        Map<String, AttributeValue> key = new HashMap<>();
        for (int i = 0; i < KEY_NAMES.length; i++) {
            key.put(KEY_NAMES[i], Items.s(parts[i]));
        }
        return key;
    }
}
