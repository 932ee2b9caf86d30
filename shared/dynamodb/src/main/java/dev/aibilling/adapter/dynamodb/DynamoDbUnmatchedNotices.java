package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.n;
import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.billing.Notice;
import dev.aibilling.domain.billing.UnmatchedNotices;
import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.paging.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * UNMATCHED#<event id> / UNMATCHED, listed newest first through GSI2 (UNMATCHED,
 * <time>#<event id>), expiring after 30 days: the list stays bounded however much another
 * product sends to the shared Stripe account.
 */
public final class DynamoDbUnmatchedNotices implements UnmatchedNotices {
    static final Duration RETENTION = Duration.ofDays(30);
    private static final String UNMATCHED = "UNMATCHED";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbUnmatchedNotices(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void record(Notice notice, String reason, Instant at) {
        Map<String, AttributeValue> item = Items.key(UNMATCHED + "#" + notice.id(), UNMATCHED);
        item.put("noticeId", s(notice.id()));
        item.put("type", s(notice.type()));
        if (notice.objectId() != null) {
            item.put("objectId", s(notice.objectId()));
        }
        item.put("reason", s(reason));
        item.put("at", Items.time(at));
        item.put("expiresAt", n(at.plus(RETENTION).getEpochSecond()));
        item.put(Keys.GSI2PK, s(UNMATCHED));
        item.put(Keys.GSI2SK, s(Keys.timestamp(at) + "#" + notice.id()));
        dynamoDb.putItem(p -> p.tableName(table).item(item));
    }

    @Override
    public Page<Unmatched> list(PageRequest page) {
        QueryResponse response = Cursors.newestFirstOnIndex(dynamoDb, table, UNMATCHED, page,
                sortKey -> Items.key(UNMATCHED + "#" + sortKey.substring(sortKey.indexOf('#') + 1), UNMATCHED));
        return new Page<>(response.items().stream().map(item -> new Unmatched(Items.string(item, "noticeId"),
                Items.string(item, "type"), Items.string(item, "objectId"), Items.string(item, "reason"),
                Items.time(item, "at"))).toList(), Cursors.encodeIndex(response.lastEvaluatedKey()));
    }
}
