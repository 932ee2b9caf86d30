package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.billing.CustomerStore;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** USER#id / CUSTOMER holds the Stripe customer; GSI1 finds the user from the customer. */
public final class DynamoDbCustomerStore implements CustomerStore {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbCustomerStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Optional<String> customerOf(String userId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Items.key(Keys.user(userId), Keys.CUSTOMER))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Items.string(item, "customerId"));
    }

    @Override
    public Optional<String> userOf(String customerId) {
        if (customerId == null) {
            return Optional.empty();
        }
        return dynamoDb.query(q -> q.tableName(table).indexName(Keys.GSI1)
                        .keyConditionExpression("GSI1PK = :customer")
                        .expressionAttributeValues(Map.of(":customer", s(Keys.stripeCustomer(customerId))))).items()
                .stream().findFirst().map(item -> Items.string(item, "userId"));
    }

    @Override
    public void save(String userId, String customerId) {
        Map<String, AttributeValue> item = Items.key(Keys.user(userId), Keys.CUSTOMER);
        item.put("userId", s(userId));
        item.put("customerId", s(customerId));
        item.put(Keys.GSI1PK, s(Keys.stripeCustomer(customerId)));
        item.put(Keys.GSI1SK, s(Keys.user(userId)));
        try {
            // The first customer stays: a second one would split the user's billing.
            dynamoDb.putItem(p -> p.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(PK) OR customerId = :customer")
                    .expressionAttributeValues(Map.of(":customer", s(customerId))));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("User " + userId + " already has another Stripe customer than "
                    + customerId);
        }
    }
}
