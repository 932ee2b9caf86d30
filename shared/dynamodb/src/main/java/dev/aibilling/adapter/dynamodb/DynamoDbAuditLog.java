package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.audit.AuditEntry;
import dev.aibilling.domain.audit.AuditLog;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.paging.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** The admin audit log (see {@link AuditItems}). */
public final class DynamoDbAuditLog implements AuditLog {
    private static final int MAX_CURSOR_LENGTH = 1024;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbAuditLog(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void record(AuditEntry entry) {
        dynamoDb.putItem(p -> p.tableName(table).item(AuditItems.item(entry)));
    }

    @Override
    public Optional<AuditEntry> find(String auditId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Items.key(Keys.audit(auditId), Keys.AUDIT))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(AuditItems.entry(item));
    }

    /** Newest first; the cursor is the last entry's index sort key, from which its table key follows. */
    @Override
    public Page<AuditEntry> list(PageRequest page) {
        QueryResponse response = dynamoDb.query(q -> q.tableName(table).indexName(Keys.GSI2)
                .keyConditionExpression("GSI2PK = :audit")
                .expressionAttributeValues(Map.of(":audit", s(Keys.AUDIT)))
                .scanIndexForward(false)
                .limit(page.limit())
                .exclusiveStartKey(startKey(page.cursor())));
        Map<String, AttributeValue> last = response.lastEvaluatedKey();
        String next = last == null || last.isEmpty() ? null : Base64.getUrlEncoder().withoutPadding()
                .encodeToString(last.get(Keys.GSI2SK).s().getBytes(StandardCharsets.UTF_8));
        return new Page<>(response.items().stream().map(AuditItems::entry).toList(), next);
    }

    private static Map<String, AttributeValue> startKey(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            if (cursor.length() <= MAX_CURSOR_LENGTH) {
                String sortKey = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int separator = sortKey.indexOf('#');
                if (separator > 0 && separator < sortKey.length() - 1) {
                    Map<String, AttributeValue> key = new HashMap<>(Items.key(
                            Keys.audit(sortKey.substring(separator + 1)), Keys.AUDIT));
                    key.put(Keys.GSI2PK, s(Keys.AUDIT));
                    key.put(Keys.GSI2SK, s(sortKey));
                    return key;
                }
            }
        } catch (IllegalArgumentException ignored) {
            // not base64url: the same answer as any other foreign cursor
        }
        throw BillingException.invalid("cursor is not one this listing returned");
    }
}
