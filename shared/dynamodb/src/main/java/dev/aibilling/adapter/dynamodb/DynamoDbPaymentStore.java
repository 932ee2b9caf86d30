package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.n;
import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.paging.PageRequest;
import dev.aibilling.domain.payments.Payment;
import dev.aibilling.domain.payments.PaymentStatus;
import dev.aibilling.domain.payments.PaymentStore;
import dev.aibilling.domain.plans.Money;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * USER#id / PAYMENT#<time>#<invoice>: a user's payments newest first; GSI1 finds one by
 * its payment intent (refund signals), GSI2 by its invoice (admin refunds).
 */
public final class DynamoDbPaymentStore implements PaymentStore {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbPaymentStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Page<Payment> list(String userId, PageRequest page) {
        QueryResponse response = Cursors.newestFirst(dynamoDb, table, Keys.user(userId), Keys.PAYMENT_PREFIX, page);
        return new Page<>(response.items().stream().map(DynamoDbPaymentStore::payment).toList(),
                Cursors.encode(response.lastEvaluatedKey()));
    }

    @Override
    public void record(Payment payment) {
        Map<String, AttributeValue> item = key(payment);
        item.put("paymentId", s(payment.paymentId()));
        item.put("userId", s(payment.userId()));
        item.put("amount", n(payment.amount().amount()));
        item.put("currency", s(payment.amount().currency()));
        item.put("amountRefunded", n(payment.amountRefunded()));
        item.put("status", s(payment.status().wireName()));
        putIfPresent(item, "description", payment.description());
        putIfPresent(item, "invoiceUrl", payment.invoiceUrl());
        putIfPresent(item, "invoicePdfUrl", payment.invoicePdfUrl());
        putIfPresent(item, "receiptUrl", payment.receiptUrl());
        item.put("createdAt", Items.time(payment.createdAt()));
        if (payment.paymentIntentId() != null) {
            item.put("paymentIntentId", s(payment.paymentIntentId()));
            item.put(Keys.GSI1PK, s(Keys.paymentIntent(payment.paymentIntentId())));
            item.put(Keys.GSI1SK, s(Keys.PAYMENT_PREFIX));
        }
        if (payment.creditedPeriod() != null) {
            item.put("creditedSubscriptionId", s(payment.creditedPeriod().subscriptionId()));
            item.put("creditedPeriodStart", Items.time(payment.creditedPeriod().start()));
        }
        item.put(Keys.GSI2PK, s(Keys.invoice(payment.paymentId())));
        item.put(Keys.GSI2SK, s(Keys.PAYMENT_PREFIX));
        // A success may replace a failure of the same invoice; nothing replaces a success.
        String condition = payment.status() == PaymentStatus.SUCCEEDED
                ? "attribute_not_exists(PK) OR #status = :failed" : "attribute_not_exists(PK)";
        try {
            dynamoDb.putItem(put -> put.tableName(table).item(item).conditionExpression(condition)
                    .expressionAttributeNames(condition.contains("#status") ? Map.of("#status", "status") : null)
                    .expressionAttributeValues(condition.contains(":failed")
                            ? Map.of(":failed", s(PaymentStatus.FAILED.wireName())) : null));
        } catch (ConditionalCheckFailedException e) {
            // already recorded in this or a later state: a replay
        }
    }

    @Override
    public Optional<Payment> find(String paymentId) {
        return byIndex(Keys.GSI2, "GSI2PK", Keys.invoice(paymentId));
    }

    @Override
    public Optional<Payment> findByPaymentIntent(String paymentIntentId) {
        return byIndex(Keys.GSI1, "GSI1PK", Keys.paymentIntent(paymentIntentId));
    }

    @Override
    public Payment raiseRefunded(Payment payment, long amountRefunded) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":refunded", n(amountRefunded));
        values.put(":status", s(PaymentStatus.afterRefund(payment.amount().amount(), amountRefunded).wireName()));
        try {
            return payment(dynamoDb.updateItem(u -> u.tableName(table).key(key(payment))
                    .updateExpression("SET amountRefunded = :refunded, #status = :status")
                    .conditionExpression("amountRefunded < :refunded")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes());
        } catch (ConditionalCheckFailedException e) {
            // an equal or larger refund is already recorded: signals arrived out of order or twice
            return payment(e.item());
        }
    }

    private Optional<Payment> byIndex(String index, String attribute, String value) {
        List<Map<String, AttributeValue>> found = dynamoDb.query(q -> q.tableName(table).indexName(index)
                .keyConditionExpression(attribute + " = :value")
                .expressionAttributeValues(Map.of(":value", s(value)))).items();
        return found.stream().findFirst().map(DynamoDbPaymentStore::payment);
    }

    private static Map<String, AttributeValue> key(Payment payment) {
        return Items.key(Keys.user(payment.userId()), Keys.payment(payment.createdAt(), payment.paymentId()));
    }

    private static Payment payment(Map<String, AttributeValue> item) {
        String creditedSubscription = Items.string(item, "creditedSubscriptionId");
        return new Payment(Items.string(item, "paymentId"), Items.string(item, "userId"),
                new Money(Items.number(item, "amount"), Items.string(item, "currency")),
                item.containsKey("amountRefunded") ? Items.number(item, "amountRefunded") : 0,
                PaymentStatus.valueOf(Items.string(item, "status").toUpperCase(Locale.ROOT)),
                Items.string(item, "description"), Items.string(item, "invoiceUrl"),
                Items.string(item, "invoicePdfUrl"), Items.string(item, "receiptUrl"),
                Items.string(item, "paymentIntentId"),
                creditedSubscription == null ? null : new Payment.CreditedPeriod(creditedSubscription,
                        Items.time(item, "creditedPeriodStart")),
                Items.time(item, "createdAt"));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }
}
