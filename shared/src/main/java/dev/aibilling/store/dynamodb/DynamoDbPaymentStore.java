package dev.aibilling.store.dynamodb;

import static dev.aibilling.store.dynamodb.Items.s;

import dev.aibilling.paging.Page;
import dev.aibilling.paging.PageRequest;
import dev.aibilling.payments.Payment;
import dev.aibilling.payments.PaymentStore;
import dev.aibilling.plans.Money;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

public final class DynamoDbPaymentStore implements PaymentStore {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbPaymentStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Page<Payment> list(String userId, PageRequest page) {
        String pk = Keys.user(userId);
        QueryResponse response = dynamoDb.query(q -> q.tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(Keys.PAYMENT_PREFIX)))
                .scanIndexForward(false)
                .limit(page.limit())
                .exclusiveStartKey(Cursors.decode(page.cursor(), pk, Keys.PAYMENT_PREFIX)));
        List<Payment> payments = response.items().stream().map(item -> new Payment(
                Items.string(item, "paymentId"),
                new Money(Items.number(item, "amount"), Items.string(item, "currency")),
                Items.string(item, "status"), Items.string(item, "description"), Items.string(item, "invoiceUrl"),
                Items.string(item, "receiptUrl"), Items.time(item, "createdAt"))).toList();
        return new Page<>(payments, Cursors.encode(response.lastEvaluatedKey()));
    }
}
