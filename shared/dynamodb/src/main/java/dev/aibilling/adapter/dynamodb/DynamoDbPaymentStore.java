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
        List<Payment> payments = response.items().stream().map(item -> new Payment(
                Items.string(item, "paymentId"),
                new Money(Items.number(item, "amount"), Items.string(item, "currency")),
                item.containsKey("amountRefunded") ? Items.number(item, "amountRefunded") : 0,
                PaymentStatus.valueOf(Items.string(item, "status").toUpperCase(Locale.ROOT)),
                Items.string(item, "description"), Items.string(item, "invoiceUrl"),
                Items.string(item, "invoicePdfUrl"), Items.time(item, "createdAt"))).toList();
        return new Page<>(payments, Cursors.encode(response.lastEvaluatedKey()));
    }

    @Override
    public void record(String userId, Payment payment, String paymentIntentId) {
        Map<String, AttributeValue> item = Items.key(Keys.user(userId), Keys.payment(payment.createdAt(),
                payment.paymentId()));
        item.put("paymentId", s(payment.paymentId()));
        item.put("userId", s(userId));
        item.put("amount", n(payment.amount().amount()));
        item.put("currency", s(payment.amount().currency()));
        item.put("amountRefunded", n(payment.amountRefunded()));
        item.put("status", s(payment.status().wireName()));
        putIfPresent(item, "description", payment.description());
        putIfPresent(item, "invoiceUrl", payment.invoiceUrl());
        putIfPresent(item, "invoicePdfUrl", payment.invoicePdfUrl());
        item.put("createdAt", Items.time(payment.createdAt()));
        if (paymentIntentId != null) {
            item.put(Keys.GSI1PK, s(Keys.paymentIntent(paymentIntentId)));
            item.put(Keys.GSI1SK, s(Keys.PAYMENT_PREFIX));
        }
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
    public Optional<String> applyRefund(String paymentIntentId, long amountRefunded) {
        List<Map<String, AttributeValue>> found = dynamoDb.query(q -> q.tableName(table).indexName(Keys.GSI1)
                .keyConditionExpression("GSI1PK = :pi")
                .expressionAttributeValues(Map.of(":pi", s(Keys.paymentIntent(paymentIntentId))))).items();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> payment = found.get(0);
        long amount = Items.number(payment, "amount");
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":refunded", n(amountRefunded));
        values.put(":status", s(PaymentStatus.afterRefund(amount, amountRefunded).wireName()));
        try {
            dynamoDb.updateItem(u -> u.tableName(table)
                    .key(Items.key(Items.string(payment, Keys.PK), Items.string(payment, Keys.SK)))
                    .updateExpression("SET amountRefunded = :refunded, #status = :status")
                    .conditionExpression("amountRefunded < :refunded")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            // an equal or larger refund is already recorded: events arrived out of order or twice
        }
        return Optional.of(Items.string(payment, "userId"));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }
}
