package dev.aibilling.adapter.dynamodb;

import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.reconcile.LiveSubscriptions;
import dev.aibilling.domain.subscriptions.Subscription;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Subscription items whose status entitles carry GSI3PK = LIVE#shard (written by the subscription store). */
public final class DynamoDbLiveSubscriptions implements LiveSubscriptions {
    private final ShardedIndex index;

    public DynamoDbLiveSubscriptions(DynamoDbClient dynamoDb, String table) {
        this.index = new ShardedIndex(dynamoDb, table, Keys.LIVE_PREFIX);
    }

    @Override
    public Page<Subscription> next(String cursor, int limit) {
        return index.page(cursor, limit, null, DynamoDbSubscriptionStore::subscription);
    }
}
