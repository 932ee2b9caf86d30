package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.billing.BillingCustomer;
import dev.aibilling.domain.billing.CheckoutSession;
import dev.aibilling.domain.billing.CustomerStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * USER#id / CUSTOMER holds the Stripe customer and the checkout last opened for it;
 * GSI1 finds the user from the customer.
 */
public final class DynamoDbCustomerStore implements CustomerStore {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbCustomerStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Optional<String> customerOf(String userId) {
        return find(userId).map(BillingCustomer::customerId);
    }

    @Override
    public Optional<BillingCustomer> find(String userId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Items.key(Keys.user(userId), Keys.CUSTOMER))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue checkout = item.get("checkout");
        return Optional.of(new BillingCustomer(Items.string(item, "customerId"),
                checkout == null ? null : checkoutSession(checkout.m())));
    }

    private static CheckoutSession checkoutSession(Map<String, AttributeValue> m) {
        return new CheckoutSession(Items.string(m, "id"), Items.string(m, "url"), Items.string(m, "priceId"),
                Items.time(m, "createdAt"), Items.time(m, "expiresAt"));
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
        try {
            // The first customer stays: a second one would split the user's billing. An update,
            // not a put, so that a concurrent save of the same customer keeps the checkout recorded.
            dynamoDb.updateItem(u -> u.tableName(table).key(Items.key(Keys.user(userId), Keys.CUSTOMER))
                    .updateExpression("SET userId = :user, customerId = :customer, GSI1PK = :gsi1pk, GSI1SK = :gsi1sk")
                    .conditionExpression("attribute_not_exists(PK) OR customerId = :customer")
                    .expressionAttributeValues(Map.of(":user", s(userId), ":customer", s(customerId),
                            ":gsi1pk", s(Keys.stripeCustomer(customerId)), ":gsi1sk", s(Keys.user(userId)))));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("User " + userId + " already has another Stripe customer than "
                    + customerId);
        }
    }

    @Override
    public boolean recordCheckout(String userId, CheckoutSession session, String replacing) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":checkout", AttributeValue.fromM(Map.of("id", s(session.id()), "url", s(session.url()),
                "priceId", s(session.priceId()), "createdAt", Items.time(session.createdAt()),
                "expiresAt", Items.time(session.expiresAt()))));
        String condition = replacing == null ? "attribute_exists(PK) AND attribute_not_exists(checkout)"
                : "attribute_exists(PK) AND checkout.id = :replacing";
        if (replacing != null) {
            values.put(":replacing", s(replacing));
        }
        try {
            dynamoDb.updateItem(u -> u.tableName(table).key(Items.key(Keys.user(userId), Keys.CUSTOMER))
                    .updateExpression("SET checkout = :checkout").conditionExpression(condition)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
