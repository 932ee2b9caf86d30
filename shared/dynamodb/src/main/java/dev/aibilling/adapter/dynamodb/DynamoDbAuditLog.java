package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.audit.AuditEntry;
import dev.aibilling.domain.audit.AuditLog;
import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.paging.PageRequest;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** The admin audit log (see {@link AuditItems}). */
public final class DynamoDbAuditLog implements AuditLog {
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

    @Override
    public Page<AuditEntry> list(PageRequest page) {
        QueryResponse response = Cursors.newestFirstOnIndex(dynamoDb, table, Keys.AUDIT, page,
                sortKey -> Items.key(Keys.audit(sortKey.substring(sortKey.indexOf('#') + 1)), Keys.AUDIT));
        return new Page<>(response.items().stream().map(AuditItems::entry).toList(),
                Cursors.encodeIndex(response.lastEvaluatedKey()));
    }
}
