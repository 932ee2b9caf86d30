package dev.aibilling.adapter.dynamodb;

import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.reconcile.AccountSweep;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The audit's sweep: a Scan continued a page per run from where the last one stopped. It
 * reads every item of the table over a sweep, not only accounts, so one page reads
 * {@code limit} items and returns the accounts among them; its cost is bounded per run.
 */
public final class DynamoDbAccountSweep implements AccountSweep {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbAccountSweep(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Page<String> next(String cursor, int limit) {
        ScanResponse response = dynamoDb.scan(s -> s.tableName(table).limit(limit)
                .filterExpression("SK = :account").expressionAttributeValues(Map.of(":account", Items.s(Keys.ACCOUNT)))
                .projectionExpression("userId").exclusiveStartKey(decode(cursor)));
        List<String> users = response.items().stream().map(item -> Items.string(item, "userId")).toList();
        return new Page<>(users, encode(response.lastEvaluatedKey()));
    }

    private static String encode(Map<String, AttributeValue> lastKey) {
        if (lastKey == null || lastKey.isEmpty()) {
            return null;
        }
        String key = lastKey.get(Keys.PK).s() + '\u0000' + lastKey.get(Keys.SK).s();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\u0000", 2);
        return Items.key(parts[0], parts[1]);
    }
}
