package dev.aibilling.adapter.dynamodb;

import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.paging.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
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
}
