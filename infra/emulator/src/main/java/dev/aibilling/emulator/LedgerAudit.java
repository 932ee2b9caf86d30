package dev.aibilling.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the table directly, independent of the code under test, and checks invariant 2:
 * an account's balance equals the sum of its ledger deltas.
 */
public final class LedgerAudit {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public LedgerAudit(TestTable table) {
        this.dynamoDb = table.client();
        this.table = table.name();
    }

    /** The balance stored on the account item, or null if there is none. */
    public Long balance(String userId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS("USER#" + userId), "SK", AttributeValue.fromS("ACCOUNT"))))
                .item();
        return item == null || item.isEmpty() ? null : Long.parseLong(item.get("balance").n());
    }

    /** Every ledger item of the user, oldest first. */
    public List<Map<String, AttributeValue>> entries(String userId) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.queryPaginator(q -> q.tableName(table).consistentRead(true)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :ledger)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#" + userId),
                                ":ledger", AttributeValue.fromS("LEDGER#"))))
                .items().forEach(items::add);
        return items;
    }

    public List<String> entryTypes(String userId) {
        return entries(userId).stream().map(item -> item.get("type").s()).toList();
    }

    public void assertBalanced(String userId) {
        long sum = entries(userId).stream().mapToLong(item -> Long.parseLong(item.get("delta").n())).sum();
        Long balance = balance(userId);
        if ((balance == null ? 0L : balance) != sum) {
            throw new AssertionError("balance of " + userId + " is " + balance + " but its ledger sums to " + sum);
        }
        if (balance != null && balance < 0) {
            throw new AssertionError("balance of " + userId + " is negative: " + balance);
        }
    }

    public int itemCount() {
        return dynamoDb.scan(s -> s.tableName(table).select("COUNT")).count();
    }
}
