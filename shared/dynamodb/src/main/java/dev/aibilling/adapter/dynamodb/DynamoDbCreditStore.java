package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.n;
import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.audit.AuditEntry;
import dev.aibilling.domain.credits.Account;
import dev.aibilling.domain.credits.BalanceChange;
import dev.aibilling.domain.credits.BalanceWrite;
import dev.aibilling.domain.credits.CreditStore;
import dev.aibilling.domain.credits.KeyedMove;
import dev.aibilling.domain.credits.LedgerEntry;
import dev.aibilling.domain.credits.LedgerEntryType;
import dev.aibilling.domain.credits.LedgerTotals;
import dev.aibilling.domain.credits.MoveOutcome;
import dev.aibilling.domain.credits.MoveResult;
import dev.aibilling.domain.credits.PeriodReset;
import dev.aibilling.domain.credits.PeriodTerms;
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
    /** How long an idempotency key answers replays. Documented in the README. */
    static final Duration KEY_RETENTION = Duration.ofDays(30);
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    /** How often the audit's read is tried again while consumes keep moving the account. */
    private static final int TOTALS_ATTEMPTS = 3;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbCreditStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /**
     * One transaction: the balance moved under "never below zero", the key recorded unless
     * it exists, the ledger entry, and the audit record if there is one.
     */
    @Override
    public MoveOutcome applyKeyed(KeyedMove move, LedgerEntry entry, AuditEntry audit) {
        Instant now = entry.createdAt();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":delta", n(move.delta()));
        values.put(":now", Items.time(now));
        Update.Builder balance = Update.builder().tableName(table)
                .key(Items.key(Keys.user(move.userId()), Keys.ACCOUNT))
                .updateExpression("SET balance = balance + :delta, updatedAt = :now")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (move.delta() < 0) {
            values.put(":debit", n(-move.delta()));
            balance.conditionExpression("balance >= :debit");
        } else {
            balance.conditionExpression("attribute_exists(PK)");
        }
        balance.expressionAttributeValues(values);
        Map<String, AttributeValue> keyRecord = Items.key(Keys.idempotencyKey(move.space(), move.key()), Keys.KEY);
        keyRecord.put("userId", s(move.userId()));
        keyRecord.put("amount", n(move.amount()));
        keyRecord.put("fingerprint", s(move.fingerprint()));
        keyRecord.put("entryId", s(entry.entryId()));
        keyRecord.put("createdAt", Items.time(now));
        keyRecord.put("expiresAt", n(now.plus(KEY_RETENTION).getEpochSecond()));
        Put recordKey = Put.builder().tableName(table).item(keyRecord)
                .conditionExpression("attribute_not_exists(PK)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        List<TransactWriteItem> items = new ArrayList<>(List.of(
                TransactWriteItem.builder().update(balance.build()).build(),
                TransactWriteItem.builder().put(recordKey).build(),
                TransactWriteItem.builder().put(ledgerPut(entry, 0)).build()));
        if (audit != null) {
            items.add(TransactWriteItem.builder().put(AuditItems.put(table, audit)).build());
        }
        try {
            TransactionRetry.run(() -> dynamoDb.transactWriteItems(tx -> tx.transactItems(items)));
        } catch (TransactionCanceledException e) {
            return refusal(move, e.cancellationReasons());
        }
        return new MoveOutcome.Applied(new MoveResult(entry.entryId(), move.userId(), move.amount(), move.key(), now,
                false));
    }

    private MoveOutcome refusal(KeyedMove move, List<CancellationReason> reasons) {
        // A replay must win over "insufficient credits": the original consume may have
        // spent the balance. If the key's condition was not reported, look the key up.
        Map<String, AttributeValue> existingKey = CONDITION_FAILED.equals(reasons.get(1).code())
                ? reasons.get(1).item()
                : dynamoDb.getItem(get -> get.tableName(table).consistentRead(true)
                        .key(Items.key(Keys.idempotencyKey(move.space(), move.key()), Keys.KEY))).item();
        if (existingKey != null && !existingKey.isEmpty()) {
            return replayOf(move, existingKey);
        }
        CancellationReason account = reasons.get(0);
        if (!CONDITION_FAILED.equals(account.code())) {
            throw new IllegalStateException("Keyed move cancelled for an unexpected reason: " + reasons);
        }
        if (account.item() == null || account.item().isEmpty()) {
            return new MoveOutcome.NoAccount();
        }
        return new MoveOutcome.InsufficientCredits(Items.number(account.item(), "balance"));
    }

    private static MoveOutcome replayOf(KeyedMove move, Map<String, AttributeValue> stored) {
        if (!move.fingerprint().equals(Items.string(stored, "fingerprint"))) {
            return new MoveOutcome.KeyConflict();
        }
        return new MoveOutcome.Replayed(new MoveResult(Items.string(stored, "entryId"),
                Items.string(stored, "userId"), Items.number(stored, "amount"), move.key(),
                Items.time(stored, "createdAt"), true));
    }

    @Override
    public void openAccount(Account account, LedgerEntry firstEntry) {
        Map<String, AttributeValue> item = Items.key(Keys.user(account.userId()), Keys.ACCOUNT);
        item.put("userId", s(account.userId()));
        item.put("balance", n(account.balance()));
        item.put("planId", s(account.planId()));
        item.put("nextResetAt", Items.time(account.nextResetAt()));
        item.put("periodAllowance", n(account.periodAllowance()));
        item.put("createdAt", Items.time(account.createdAt()));
        item.put("updatedAt", Items.time(account.createdAt()));
        // a new account is on the Free plan: the reconciler refills it monthly
        item.put(Keys.GSI3PK, s(Keys.refillPartition(account.userId())));
        item.put(Keys.GSI3SK, Items.time(account.nextResetAt()));
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
        Map<String, AttributeValue> item = accountItem(userId);
        if (item == null) {
            return Optional.empty();
        }
        return Optional.of(new Account(userId, Items.number(item, "balance"), Items.string(item, "planId"),
                Items.time(item, "periodStart"), Items.time(item, "nextResetAt"),
                item.containsKey("periodAllowance") ? Items.number(item, "periodAllowance") : 0,
                Items.string(item, "periodSource"), Items.time(item, "createdAt")));
    }

    /**
     * One transaction: the account updated if its balance is still the expected one and the
     * period terms hold, the marker written unless it exists, the entries.
     */
    @Override
    public BalanceWrite apply(BalanceChange change) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":expected", n(change.expectedBalance()));
        values.put(":balance", n(change.newBalance()));
        values.put(":now", Items.time(change.at()));
        PeriodExpression period = change.terms().accept(new PeriodExpressions(change.userId(), values));
        Update account = Update.builder().tableName(table)
                .key(Items.key(Keys.user(change.userId()), Keys.ACCOUNT))
                .updateExpression("SET balance = :balance, updatedAt = :now" + period.set() + period.remove())
                .conditionExpression("balance = :expected AND " + period.condition())
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
            return change.terms().accept(new PeriodCheck(current)) ? BalanceWrite.BALANCE_MOVED
                    : BalanceWrite.SUPERSEDED;
        }
    }

    /** The update clauses ({@code set} continues the SET clause) and the condition of one kind of period terms. */
    private record PeriodExpression(String set, String remove, String condition) {
    }

    /** Each kind of period terms as its expressions over the change's values. */
    private static final class PeriodExpressions implements PeriodTerms.Cases<PeriodExpression> {
        private final String userId;
        private final Map<String, AttributeValue> values;

        PeriodExpressions(String userId, Map<String, AttributeValue> values) {
            this.userId = userId;
            this.values = values;
        }

        @Override
        public PeriodExpression opens(PeriodTerms.Opens terms) {
            values.put(":start", Items.time(terms.start()));
            values.put(":next", Items.time(terms.nextResetAt()));
            values.put(":allowance", n(terms.allowance()));
            values.put(":source", s(terms.source()));
            String set = ", periodStart = :start, nextResetAt = :next, periodAllowance = :allowance, "
                    + "periodSource = :source";
            String remove = "";
            // the refill schedule lists the accounts whose next period the reconciler opens
            if (terms.nextReset() == PeriodReset.NextReset.BY_SCHEDULE) {
                values.put(":refill", s(Keys.refillPartition(userId)));
                set += ", GSI3PK = :refill, GSI3SK = :next";
            } else {
                remove = " REMOVE GSI3PK, GSI3SK";
            }
            String condition = "(attribute_not_exists(periodStart) OR periodStart < :start";
            if (!PeriodReset.FREE_SOURCE.equals(terms.source())) {
                values.put(":free", s(PeriodReset.FREE_SOURCE));
                condition += " OR (periodStart = :start AND periodSource = :free)";
            }
            return new PeriodExpression(set, remove, condition + ")");
        }

        @Override
        public PeriodExpression raisesAllowance(PeriodTerms.RaisesAllowance terms) {
            values.put(":start", Items.time(terms.periodStart()));
            values.put(":allowance", n(terms.allowance()));
            values.put(":source", s(terms.source()));
            return new PeriodExpression(", periodAllowance = :allowance", "",
                    "periodSource = :source AND periodStart = :start AND periodAllowance < :allowance");
        }

        @Override
        public PeriodExpression within(PeriodTerms.Within terms) {
            values.put(":start", Items.time(terms.periodStart()));
            return new PeriodExpression("", "", "periodStart = :start");
        }
    }

    /** Whether the period terms still hold for the account as it is: if so, only the balance moved. */
    private static final class PeriodCheck implements PeriodTerms.Cases<Boolean> {
        private final Instant periodStart;
        private final String periodSource;
        private final long periodAllowance;

        PeriodCheck(Map<String, AttributeValue> account) {
            this.periodStart = Items.time(account, "periodStart");
            this.periodSource = Items.string(account, "periodSource");
            this.periodAllowance = account.containsKey("periodAllowance") ? Items.number(account, "periodAllowance") : 0;
        }

        @Override
        public Boolean opens(PeriodTerms.Opens terms) {
            return periodStart == null || periodStart.isBefore(terms.start())
                    || periodStart.equals(terms.start()) && PeriodReset.FREE_SOURCE.equals(periodSource)
                    && !PeriodReset.FREE_SOURCE.equals(terms.source());
        }

        @Override
        public Boolean raisesAllowance(PeriodTerms.RaisesAllowance terms) {
            return terms.source().equals(periodSource) && terms.periodStart().equals(periodStart)
                    && periodAllowance < terms.allowance();
        }

        @Override
        public Boolean within(PeriodTerms.Within terms) {
            return terms.periodStart().equals(periodStart);
        }
    }

    @Override
    public Optional<LedgerTotals> totals(String userId) {
        for (int attempt = 0; attempt < TOTALS_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> before = accountItem(userId);
            if (before == null) {
                return Optional.empty();
            }
            long sum = 0;
            int entries = 0;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = dynamoDb.query(q -> q.tableName(table).consistentRead(true)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                        .expressionAttributeValues(Map.of(":pk", s(Keys.user(userId)), ":prefix", s(Keys.LEDGER_PREFIX)))
                        .projectionExpression("delta").exclusiveStartKey(from));
                for (Map<String, AttributeValue> entry : page.items()) {
                    sum += Items.number(entry, "delta");
                    entries++;
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            Map<String, AttributeValue> after = accountItem(userId);
            // every change writes the account and its entries in one transaction: an account
            // unchanged across the query means the entries read are exactly its entries
            if (after != null && Items.string(before, "updatedAt").equals(Items.string(after, "updatedAt"))
                    && Items.number(before, "balance") == Items.number(after, "balance")) {
                return Optional.of(new LedgerTotals(userId, Items.number(after, "balance"), sum, entries));
            }
        }
        return Optional.empty();
    }

    private Map<String, AttributeValue> accountItem(String userId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(get -> get.tableName(table).consistentRead(true)
                .key(Items.key(Keys.user(userId), Keys.ACCOUNT))).item();
        return item == null || item.isEmpty() ? null : item;
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
