package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.n;
import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.credits.Account;
import dev.aibilling.domain.credits.BalanceChange;
import dev.aibilling.domain.credits.BalanceWrite;
import dev.aibilling.domain.credits.ConsumeOutcome;
import dev.aibilling.domain.credits.ConsumeRequest;
import dev.aibilling.domain.credits.ConsumeResult;
import dev.aibilling.domain.credits.CreditStore;
import dev.aibilling.domain.credits.LedgerEntry;
import dev.aibilling.domain.credits.LedgerEntryType;
import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.paging.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** The credit ledger on one DynamoDB table; every balance change is one TransactWriteItems. */
public final class DynamoDbCreditStore implements CreditStore {
    /** How long a consume key answers replays. Documented in the README. */
    static final Duration CONSUME_KEY_RETENTION = Duration.ofDays(30);
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbCreditStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public ConsumeOutcome consume(ConsumeRequest request, LedgerEntry entry) {
        Instant now = entry.createdAt();
        Update debit = Update.builder().tableName(table)
                .key(Items.key(Keys.user(request.userId()), Keys.ACCOUNT))
                .updateExpression("SET balance = balance - :amount, updatedAt = :now")
                .conditionExpression("balance >= :amount")
                .expressionAttributeValues(Map.of(":amount", n(request.amount()), ":now", Items.time(now)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        Map<String, AttributeValue> keyRecord = Items.key(Keys.consumeKey(request.idempotencyKey()), Keys.CONSUME);
        keyRecord.put("userId", s(request.userId()));
        keyRecord.put("amount", n(request.amount()));
        keyRecord.put("fingerprint", s(request.fingerprint()));
        keyRecord.put("entryId", s(entry.entryId()));
        keyRecord.put("createdAt", Items.time(now));
        keyRecord.put("expiresAt", n(now.plus(CONSUME_KEY_RETENTION).getEpochSecond()));
        Put recordKey = Put.builder().tableName(table).item(keyRecord)
                .conditionExpression("attribute_not_exists(PK)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            TransactionRetry.run(() -> dynamoDb.transactWriteItems(tx -> tx.transactItems(
                    TransactWriteItem.builder().update(debit).build(),
                    TransactWriteItem.builder().put(recordKey).build(),
                    TransactWriteItem.builder().put(ledgerPut(entry, 0)).build())));
        } catch (TransactionCanceledException e) {
            return consumeRefusal(request, e.cancellationReasons());
        }
        return new ConsumeOutcome.Applied(new ConsumeResult(entry.entryId(), request.userId(), request.amount(),
                request.idempotencyKey(), now, false));
    }

    private ConsumeOutcome consumeRefusal(ConsumeRequest request, List<CancellationReason> reasons) {
        // A replay must win over "insufficient credits": the original consume may have
        // spent the balance. If the key's condition was not reported, look the key up.
        Map<String, AttributeValue> existingKey = CONDITION_FAILED.equals(reasons.get(1).code())
                ? reasons.get(1).item()
                : dynamoDb.getItem(get -> get.tableName(table).consistentRead(true)
                        .key(Items.key(Keys.consumeKey(request.idempotencyKey()), Keys.CONSUME))).item();
        if (existingKey != null && !existingKey.isEmpty()) {
            return replayOf(request, existingKey);
        }
        CancellationReason account = reasons.get(0);
        if (!CONDITION_FAILED.equals(account.code())) {
            throw new IllegalStateException("Consume transaction cancelled for an unexpected reason: " + reasons);
        }
        if (account.item() == null || account.item().isEmpty()) {
            return new ConsumeOutcome.NoAccount();
        }
        return new ConsumeOutcome.InsufficientCredits(Items.number(account.item(), "balance"));
    }

    private static ConsumeOutcome replayOf(ConsumeRequest request, Map<String, AttributeValue> stored) {
        if (!request.fingerprint().equals(Items.string(stored, "fingerprint"))) {
            return new ConsumeOutcome.KeyConflict();
        }
        return new ConsumeOutcome.Replayed(new ConsumeResult(Items.string(stored, "entryId"),
                Items.string(stored, "userId"), Items.number(stored, "amount"), request.idempotencyKey(),
                Items.time(stored, "createdAt"), true));
    }

    @Override
    public void openAccount(Account account, LedgerEntry firstEntry) {
        Map<String, AttributeValue> item = Items.key(Keys.user(account.userId()), Keys.ACCOUNT);
        item.put("userId", s(account.userId()));
        item.put("balance", n(account.balance()));
        item.put("planId", s(account.planId()));
        item.put("nextResetAt", Items.time(account.nextResetAt()));
        item.put("createdAt", Items.time(account.createdAt()));
        item.put("updatedAt", Items.time(account.createdAt()));
        try {
            TransactionRetry.run(() -> dynamoDb.transactWriteItems(tx -> tx.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                            .conditionExpression("attribute_not_exists(PK)")).build(),
                    TransactWriteItem.builder().put(ledgerPut(firstEntry, 0)).build())));
        } catch (TransactionCanceledException e) {
            if (!CONDITION_FAILED.equals(e.cancellationReasons().get(0).code())) {
                throw e;
            }
            // opened by a concurrent first request: one account, one signup grant
        }
    }

    @Override
    public Optional<Account> findAccount(String userId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(get -> get.tableName(table).consistentRead(true)
                .key(Items.key(Keys.user(userId), Keys.ACCOUNT))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Account(userId, Items.number(item, "balance"), Items.string(item, "planId"),
                Items.time(item, "periodStart"), Items.time(item, "nextResetAt"), Items.time(item, "createdAt")));
    }

    @Override
    public BalanceWrite apply(BalanceChange change) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":expected", n(change.expectedBalance()));
        values.put(":balance", n(change.newBalance()));
        values.put(":now", Items.time(change.at()));
        StringBuilder update = new StringBuilder("SET balance = :balance, updatedAt = :now");
        StringBuilder condition = new StringBuilder("balance = :expected");
        if (change.planId() != null) {
            values.put(":plan", s(change.planId()));
            update.append(", planId = :plan");
        }
        if (change.period() != null) {
            values.put(":start", Items.time(change.period().start()));
            values.put(":next", Items.time(change.period().nextResetAt()));
            update.append(", periodStart = :start, nextResetAt = :next");
            condition.append(" AND (attribute_not_exists(periodStart) OR periodStart < :start)");
        }
        Update account = Update.builder().tableName(table)
                .key(Items.key(Keys.user(change.userId()), Keys.ACCOUNT))
                .updateExpression(update.toString())
                .conditionExpression(condition.toString())
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        Map<String, AttributeValue> marker = Items.key(Keys.user(change.userId()), Keys.marker(change.markerKey()));
        marker.put("createdAt", Items.time(change.at()));

        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(account).build());
        items.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(marker)
                .conditionExpression("attribute_not_exists(PK)")).build());
        for (int i = 0; i < change.entries().size(); i++) {
            items.add(TransactWriteItem.builder().put(ledgerPut(change.entries().get(i), i)).build());
        }
        try {
            TransactionRetry.run(() -> dynamoDb.transactWriteItems(tx -> tx.transactItems(items)));
            return BalanceWrite.APPLIED;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (CONDITION_FAILED.equals(reasons.get(1).code())) {
                return BalanceWrite.ALREADY_APPLIED;
            }
            if (!CONDITION_FAILED.equals(reasons.get(0).code())) {
                throw e;
            }
            Map<String, AttributeValue> current = reasons.get(0).item();
            if (current == null || current.isEmpty()) {
                throw new IllegalStateException("No account " + change.userId() + " to change");
            }
            Instant appliedStart = Items.time(current, "periodStart");
            if (change.period() != null && appliedStart != null && !appliedStart.isBefore(change.period().start())) {
                return BalanceWrite.SUPERSEDED;
            }
            return BalanceWrite.BALANCE_MOVED;
        }
    }

    @Override
    public Page<LedgerEntry> ledger(String userId, PageRequest page) {
        QueryResponse response = Cursors.newestFirst(dynamoDb, table, Keys.user(userId), Keys.LEDGER_PREFIX, page);
        List<LedgerEntry> entries = response.items().stream().map(item -> new LedgerEntry(
                Items.string(item, "entryId"), userId, LedgerEntryType.valueOf(Items.string(item, "type")),
                Items.number(item, "delta"), Items.string(item, "description"), Items.string(item, "reference"),
                Items.stringMap(item, "metadata"), Items.time(item, "createdAt"))).toList();
        return new Page<>(entries, Cursors.encode(response.lastEvaluatedKey()));
    }

    @Override
    public void assignPlan(String userId, String planId, Instant now) {
        dynamoDb.updateItem(u -> u.tableName(table).key(Items.key(Keys.user(userId), Keys.ACCOUNT))
                .updateExpression("SET planId = :plan, updatedAt = :now")
                .conditionExpression("attribute_exists(PK)")
                .expressionAttributeValues(Map.of(":plan", s(planId), ":now", Items.time(now))));
    }

    private Put ledgerPut(LedgerEntry entry, int ordinal) {
        Map<String, AttributeValue> item = Items.key(Keys.user(entry.userId()),
                Keys.ledger(entry.createdAt(), ordinal, entry.entryId()));
        item.put("entryId", s(entry.entryId()));
        item.put("type", s(entry.type().name()));
        item.put("delta", n(entry.delta()));
        item.put("description", s(entry.description()));
        item.put("reference", s(entry.reference()));
        if (!entry.metadata().isEmpty()) {
            item.put("metadata", Items.stringMap(entry.metadata()));
        }
        item.put("createdAt", Items.time(entry.createdAt()));
        return Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(PK)").build();
    }
}
