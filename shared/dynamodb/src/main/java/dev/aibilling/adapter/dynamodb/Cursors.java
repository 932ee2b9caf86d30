package dev.aibilling.adapter.dynamodb;

import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.paging.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Newest-first paged queries and their opaque cursors: the sort key of the last item, base64url. The partition key is
 * never in the cursor; it always comes from the caller's identity, so a cursor cannot
 * reach another user's items.
 */
final class Cursors {
    private static final int MAX_CURSOR_LENGTH = 1024;

    private Cursors() {
    }

    /** One page of a partition's items under a sort-key prefix, newest (highest key) first. */
    static QueryResponse newestFirst(DynamoDbClient dynamoDb, String table, String partitionKey, String sortKeyPrefix,
                                     PageRequest page) {
        return dynamoDb.query(q -> q.tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", Items.s(partitionKey), ":prefix", Items.s(sortKeyPrefix)))
                .scanIndexForward(false)
                .limit(page.limit())
                .exclusiveStartKey(decode(page.cursor(), partitionKey, sortKeyPrefix)));
    }

    static String encode(Map<String, AttributeValue> lastEvaluatedKey) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
            return null;
        }
        String sortKey = lastEvaluatedKey.get(Keys.SK).s();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, AttributeValue> decode(String cursor, String partitionKey, String sortKeyPrefix) {
        if (cursor == null) {
            return null;
        }
        try {
            if (cursor.length() <= MAX_CURSOR_LENGTH) {
                String sortKey = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                if (sortKey.startsWith(sortKeyPrefix) && sortKey.length() > sortKeyPrefix.length()) {
                    return Items.key(partitionKey, sortKey);
                }
            }
        } catch (IllegalArgumentException ignored) {
            // not base64url: the same answer as any other foreign cursor
        }
        throw BillingException.invalid("cursor is not one this listing returned");
    }

    /**
     * One page of a GSI2 partition, newest first. The cursor is the last item's index sort
     * key ({@code <time>#<id>}); {@code tableKey} rebuilds the item's table key from it.
     */
    static QueryResponse newestFirstOnIndex(DynamoDbClient dynamoDb, String table, String partitionKey,
                                            PageRequest page, Function<String, Map<String, AttributeValue>> tableKey) {
        return dynamoDb.query(q -> q.tableName(table).indexName(Keys.GSI2)
                .keyConditionExpression("GSI2PK = :pk")
                .expressionAttributeValues(Map.of(":pk", Items.s(partitionKey)))
                .scanIndexForward(false)
                .limit(page.limit())
                .exclusiveStartKey(decodeIndex(page.cursor(), partitionKey, tableKey)));
    }

    static String encodeIndex(Map<String, AttributeValue> lastEvaluatedKey) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
            return null;
        }
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(lastEvaluatedKey.get(Keys.GSI2SK).s().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decodeIndex(String cursor, String partitionKey,
                                                           Function<String, Map<String, AttributeValue>> tableKey) {
        if (cursor == null) {
            return null;
        }
        try {
            if (cursor.length() <= MAX_CURSOR_LENGTH) {
                String sortKey = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int separator = sortKey.indexOf('#');
                if (separator > 0 && separator < sortKey.length() - 1) {
                    Map<String, AttributeValue> key = new HashMap<>(tableKey.apply(sortKey));
                    key.put(Keys.GSI2PK, Items.s(partitionKey));
                    key.put(Keys.GSI2SK, Items.s(sortKey));
                    return key;
                }
            }
        } catch (IllegalArgumentException ignored) {
            // not base64url: the same answer as any other foreign cursor
        }
        throw BillingException.invalid("cursor is not one this listing returned");
    }
}
