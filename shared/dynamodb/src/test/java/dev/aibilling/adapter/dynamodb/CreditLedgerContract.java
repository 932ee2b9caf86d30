package dev.aibilling.adapter.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aibilling.domain.audit.AuditEntry;
import dev.aibilling.domain.credits.Account;
import dev.aibilling.domain.credits.AdjustmentRequest;
import dev.aibilling.domain.credits.ChangeOutcome;
import dev.aibilling.domain.credits.ConsumeRequest;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.credits.CreditStore;
import dev.aibilling.domain.credits.LedgerEntry;
import dev.aibilling.domain.credits.LedgerEntryType;
import dev.aibilling.domain.credits.LedgerTotals;
import dev.aibilling.domain.credits.MoveResult;
import dev.aibilling.domain.credits.PeriodReset;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.paging.PageRequest;
import dev.aibilling.domain.reconcile.RefillSchedule;
import dev.aibilling.emulator.AwsEmulator;
import dev.aibilling.emulator.FirstCancellationReasonOnly;
import dev.aibilling.emulator.LedgerAudit;
import dev.aibilling.emulator.RequestCounter;
import dev.aibilling.emulator.TestTable;
import dev.aibilling.emulator.TransactionConflictInjector;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The ledger's invariants against a real emulator over HTTP, with the production
 * DynamoDB client. Every test ends by auditing balance == sum of ledger deltas.
 */
abstract class CreditLedgerContract {
    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant FEB = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant APR = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant JUN = Instant.parse("2026-06-01T00:00:00Z");

    private final RequestCounter requests = new RequestCounter();
    private final TransactionConflictInjector conflicts = new TransactionConflictInjector();
    private final FirstCancellationReasonOnly firstReasonOnly = new FirstCancellationReasonOnly();
    private final BeforeNextTransaction between = new BeforeNextTransaction();
    private final Set<String> users = new HashSet<>();
    private TestTable table;
    private CreditStore store;
    private RefillSchedule schedule;
    private CreditLedger ledger;
    /** The same ledger on a client without the test's interceptors: the other writer of a race. */
    private CreditLedger other;
    private LedgerAudit audit;

    abstract AwsEmulator emulator();

    @BeforeEach
    void createTable() {
        table = TestTable.on(emulator());
        DynamoDbStores stores = new DynamoDbStores(table.client(requests, conflicts, firstReasonOnly, between),
                table.name());
        other = new CreditLedger(new DynamoDbStores(table.client(), table.name()).credits(), Clock.systemUTC());
        store = stores.credits();
        schedule = stores.refillSchedule();
        ledger = new CreditLedger(store, Clock.systemUTC());
        audit = new LedgerAudit(table);
    }

    @AfterEach
    void everyBalanceEqualsItsLedger() {
        users.forEach(audit::assertBalanced);
    }

    @Test
    void firstContactGrantsSignupCreditsOnceUnderARaceOf20() throws Exception {
        String user = newUser();
        List<Account> accounts = race(20, i -> ledger.account(user));

        accounts.forEach(account -> assertEquals(CreditLedger.SIGNUP_CREDITS, account.balance()));
        assertEquals(CreditLedger.SIGNUP_CREDITS, audit.balance(user));
        assertEquals(List.of("SIGNUP_GRANT"), audit.entryTypes(user));
    }

    @Test
    void fiftyConcurrentConsumesNeverOverdrawTheAccount() throws Exception {
        String user = newUser();
        ledger.account(user);
        List<Object> outcomes = race(50, i -> {
            long amount = 1 + i % 7;
            try {
                return ledger.consume(consume(user, amount, "race-" + user + "-" + i));
            } catch (BillingException e) {
                return Map.entry(amount, e);
            }
        });

        long spent = 0;
        long smallestRefused = Long.MAX_VALUE;
        int successes = 0;
        for (Object outcome : outcomes) {
            if (outcome instanceof MoveResult result) {
                spent += result.amount();
                successes++;
            } else {
                @SuppressWarnings("unchecked")
                Map.Entry<Long, BillingException> refused = (Map.Entry<Long, BillingException>) outcome;
                assertEquals(ErrorCode.INSUFFICIENT_CREDITS, refused.getValue().code());
                smallestRefused = Math.min(smallestRefused, refused.getKey());
            }
        }
        long balance = audit.balance(user);
        assertEquals(CreditLedger.SIGNUP_CREDITS - spent, balance);
        assertTrue(balance >= 0);
        assertTrue(successes > 0 && successes < 50, "the start balance covers only some of the 50");
        // Balances only fall, so each refusal saw at most today's balance: no refusal was spurious.
        assertTrue(balance < smallestRefused, "balance " + balance + " would have covered a refused " + smallestRefused);
        assertEquals(successes + 1, audit.entries(user).size());
    }

    @Test
    void tenConcurrentReplaysOfOneKeyDebitOnce() throws Exception {
        String user = newUser();
        ledger.account(user);
        ConsumeRequest request = consume(user, 30, "replay-" + user);
        List<MoveResult> results = race(10, i -> ledger.consume(request));

        assertEquals(1, results.stream().map(MoveResult::transactionId).distinct().count());
        assertEquals(1, results.stream().filter(r -> !r.replayed()).count());
        assertEquals(1, results.stream().map(MoveResult::createdAt).distinct().count());
        assertEquals(70L, audit.balance(user));
    }

    @Test
    void replayWinsOverInsufficientCredits() {
        String user = newUser();
        ConsumeRequest everything = consume(user, 100, "all-" + user);
        MoveResult first = ledger.consume(everything);
        requests.reset();

        MoveResult again = ledger.consume(everything);

        assertTrue(again.replayed());
        assertEquals(first.transactionId(), again.transactionId());
        assertEquals(Map.of("TransactWriteItems", 1), requests.snapshot(),
                "the refusal names the stored key: the replay needs no read");
        assertEquals(0L, audit.balance(user));
    }

    @Test
    void replayWinsOverInsufficientCreditsEvenWhenOnlyTheBalancesFailureIsReported() {
        String user = newUser();
        ConsumeRequest everything = consume(user, 100, "all-" + user);
        MoveResult first = ledger.consume(everything);
        firstReasonOnly.on(true);
        requests.reset();

        MoveResult again = ledger.consume(everything);

        assertTrue(again.replayed());
        assertEquals(first.transactionId(), again.transactionId());
        assertEquals(Map.of("TransactWriteItems", 1, "GetItem", 1), requests.snapshot(),
                "the key's failure was not reported, so the key is read");
        assertCode(ErrorCode.INSUFFICIENT_CREDITS, () -> ledger.consume(consume(user, 1, "new-" + user)));
        assertEquals(0L, audit.balance(user));
    }

    @Test
    void theAuditsTotalsAreTheBalanceTheSumAndTheCountOfTheLedger() {
        String user = newUser();
        ledger.consume(consume(user, 30, "t1-" + user));
        ledger.consume(consume(user, 12, "t2-" + user));

        assertEquals(Optional.of(new LedgerTotals(user, 58, 58, 3)), store.totals(user));
        assertEquals(Optional.empty(), store.totals(newUser()), "no account, no totals");
    }

    @Test
    void theAuditsTotalsReadDuringConsumesAlwaysHold() throws Exception {
        String user = newUser();
        ledger.account(user);
        ExecutorService spender = Executors.newSingleThreadExecutor();
        try {
            Future<?> spending = spender.submit(() -> {
                for (int i = 0; i < 30; i++) {
                    ledger.consume(consume(user, 1, "spend-" + i + "-" + user));
                }
            });
            List<LedgerTotals> read = new ArrayList<>();
            while (!spending.isDone()) {
                store.totals(user).ifPresent(read::add);
            }
            spending.get();
            // a totals read that a consume interleaved with is retried or refused, never mixed
            read.forEach(totals -> assertTrue(totals.holds(), totals.toString()));
            assertEquals(Optional.of(new LedgerTotals(user, 70, 70, 31)), store.totals(user));
        } finally {
            spender.shutdownNow();
        }
    }

    @Test
    void sameKeyWithOtherParametersIsAConflict() {
        String user = newUser();
        String other = newUser();
        ledger.consume(consume(user, 10, "key-" + user));

        assertCode(ErrorCode.IDEMPOTENCY_CONFLICT, () -> ledger.consume(consume(user, 11, "key-" + user)));
        assertCode(ErrorCode.IDEMPOTENCY_CONFLICT, () -> ledger.consume(consume(other, 10, "key-" + user)));
        assertCode(ErrorCode.IDEMPOTENCY_CONFLICT, () -> ledger.consume(
                new ConsumeRequest(user, 10, "key-" + user, "Another description", Map.of(), "test-backend")));
        assertEquals(90L, audit.balance(user));
    }

    @Test
    void consumeIsRefusedWhenBalanceIsShortAndReportsTheBalance() {
        String user = newUser();
        ledger.consume(consume(user, 60, "a-" + user));

        BillingException refused = assertThrows(BillingException.class,
                () -> ledger.consume(consume(user, 41, "b-" + user)));

        assertEquals(ErrorCode.INSUFFICIENT_CREDITS, refused.code());
        assertEquals(40L, refused.details().get("balance"));
        assertEquals(40L, audit.balance(user));
        assertEquals(List.of("SIGNUP_GRANT", "CONSUMPTION"), audit.entryTypes(user));
    }

    @Test
    void aConsumeOnAnExistingAccountIsOneDynamoDbRequest() {
        String user = newUser();
        ledger.account(user);
        requests.reset();

        ledger.consume(consume(user, 5, "one-" + user));

        assertEquals(Map.of("TransactWriteItems", 1), requests.snapshot());
    }

    @Test
    void aTransactionConflictIsRetriedAndSucceeds() {
        String user = newUser();
        ledger.account(user);
        requests.reset();
        conflicts.conflictNext(2);

        MoveResult result = ledger.consume(consume(user, 5, "conflict-" + user));

        assertFalse(result.replayed());
        assertEquals(2, conflicts.injected());
        assertEquals(1, requests.of("TransactWriteItems"), "the injected conflicts never reached the table");
        assertEquals(95L, audit.balance(user));
    }

    @Test
    void endlessTransactionConflictsFailWithoutAPartialWrite() {
        String user = newUser();
        ledger.account(user);
        conflicts.conflictNext(Integer.MAX_VALUE);

        assertThrows(RuntimeException.class, () -> ledger.consume(consume(user, 5, "stuck-" + user)));

        conflicts.conflictNext(0);
        assertEquals(100L, audit.balance(user));
        assertEquals(List.of("SIGNUP_GRANT"), audit.entryTypes(user));
    }

    @Test
    void aResetSetsTheBalanceToTheAllowanceAndRecordsExpiryAndGrant() {
        String user = newUser();
        ledger.consume(consume(user, 30, "r-" + user));

        assertEquals(ChangeOutcome.APPLIED, ledger.resetForPeriod(reset(user, "in_jan", JAN, FEB)));

        assertEquals(1_000L, audit.balance(user));
        assertEquals(List.of("SIGNUP_GRANT", "CONSUMPTION", "PERIOD_EXPIRY", "PERIOD_GRANT"), audit.entryTypes(user));
        Account account = ledger.account(user);
        assertEquals("free", account.planId(), "a grant never sets the plan: the plan follows the subscription");
        assertEquals(JAN, account.periodStart());
        assertEquals(FEB, account.nextResetAt());
        assertEquals(1_000L, account.periodAllowance());
        assertEquals("in_jan", account.periodSource());
    }

    @Test
    void aResetAppliedTwiceChangesTheBalanceOnce() {
        String user = newUser();
        ledger.resetForPeriod(reset(user, "in_jan", JAN, FEB));
        ledger.consume(consume(user, 250, "after-" + user));

        assertEquals(ChangeOutcome.ALREADY_APPLIED, ledger.resetForPeriod(reset(user, "in_jan", JAN, FEB)));
        assertEquals(ChangeOutcome.SUPERSEDED, ledger.resetForPeriod(reset(user, "other_key_same_period", JAN, FEB)));

        assertEquals(750L, audit.balance(user));
    }

    @Test
    void aLateResetOfAnEarlierPeriodChangesNothing() {
        String user = newUser();
        ledger.resetForPeriod(reset(user, "in_feb", FEB, MAR));
        ledger.consume(consume(user, 100, "feb-" + user));

        assertEquals(ChangeOutcome.SUPERSEDED, ledger.resetForPeriod(reset(user, "in_jan", JAN, FEB)));

        assertEquals(900L, audit.balance(user));
        assertEquals(FEB, ledger.account(user).periodStart());
    }

    @Test
    void aResetRacingConsumesKeepsTheLedgerExact() throws Exception {
        String user = newUser();
        ledger.account(user);
        List<Object> outcomes = race(21, i -> {
            if (i == 0) {
                return ledger.resetForPeriod(reset(user, "in_jan", JAN, FEB));
            }
            try {
                return ledger.consume(consume(user, 10, "mix-" + user + "-" + i));
            } catch (BillingException e) {
                return e.code();
            }
        });

        assertTrue(outcomes.contains(ChangeOutcome.APPLIED));
        // Ledger order is request time, not commit time, so count instead of ordering: the
        // expiry must be exactly the balance the reset replaced, and every consume is
        // either before it (expired with it) or after it (drawn from the allowance).
        List<String> types = audit.entryTypes(user);
        long consumes = types.stream().filter("CONSUMPTION"::equals).count();
        long expired = -audit.entries(user).stream().filter(e -> e.get("type").s().equals("PERIOD_EXPIRY"))
                .mapToLong(e -> Long.parseLong(e.get("delta").n())).sum();
        long consumedBefore = (CreditLedger.SIGNUP_CREDITS - expired) / 10;
        assertEquals(0, (CreditLedger.SIGNUP_CREDITS - expired) % 10, "the expiry is a balance the consumes left");
        assertEquals(1_000L - 10 * (consumes - consumedBefore), audit.balance(user));
        assertEquals(1, types.stream().filter("PERIOD_GRANT"::equals).count());
    }

    @Test
    void aSubscriptionsPeriodReplacesTheFreePeriodOfTheSameStartAndNeverTheReverse() {
        String user = newUser();
        ledger.resetForPeriod(new PeriodReset(user, "free", 100, JAN, FEB, PeriodReset.grantKey("free", JAN),
                PeriodReset.FREE_SOURCE, PeriodReset.NextReset.BY_SCHEDULE));

        assertEquals(ChangeOutcome.APPLIED, ledger.resetForPeriod(new PeriodReset(user, "pro", 1_000, JAN, FEB,
                "sub_1@jan", "sub_1", PeriodReset.NextReset.BY_INVOICE)), "the day's checkout is not lost to the refill");
        requests.reset();
        assertEquals(ChangeOutcome.SUPERSEDED, ledger.resetForPeriod(new PeriodReset(user, "free", 100, JAN, FEB,
                "free@jan-again", PeriodReset.FREE_SOURCE, PeriodReset.NextReset.BY_SCHEDULE)));

        assertEquals(1_000L, audit.balance(user));
        assertEquals("sub_1", ledger.account(user).periodSource());
        assertEquals(1, requests.of("TransactWriteItems"), "a superseded reset is not tried again");
    }

    @Test
    void aPeriodTheScheduleEndsIsListedForTheRefillAndOneAnInvoiceEndsIsNot() {
        String scheduled = newUser();
        String invoiced = newUser();
        ledger.resetForPeriod(new PeriodReset(scheduled, "pro", 1_000, JAN, FEB, "sub_y@jan", "sub_y",
                PeriodReset.NextReset.BY_SCHEDULE));
        ledger.resetForPeriod(new PeriodReset(invoiced, "pro", 1_000, JAN, FEB, "sub_m@jan", "sub_m",
                PeriodReset.NextReset.BY_INVOICE));

        assertTrue(dueUsers(FEB).contains(scheduled));
        assertFalse(dueUsers(FEB).contains(invoiced));
        assertFalse(dueUsers(FEB.minusSeconds(1)).contains(scheduled), "not before its next reset");
    }

    @Test
    void aRaiseOrAClawBackRacingConsumesIsAppliedOnceWhateverTheOrder() throws Exception {
        String user = newUser();
        ledger.resetForPeriod(new PeriodReset(user, "pro", 1_000, JAN, FEB, "sub_1@jan", "sub_1",
                PeriodReset.NextReset.BY_INVOICE));
        List<Object> raised = race(11, i -> i == 0 ? ledger.raiseAllowance(user, "sub_1", "business", 5_000)
                : ledger.consume(consume(user, 10, "raise-" + i + "-" + user)));
        assertEquals(ChangeOutcome.APPLIED, raised.get(0), "a consume in between moves the balance, not the terms");
        assertEquals(1, audit.entryTypes(user).stream().filter("UPGRADE_GRANT"::equals).count());

        List<Object> clawed = race(11, i -> i == 0 ? ledger.clawBack(user, "sub_1", JAN, "in_jan")
                : ledger.consume(consume(user, 10, "claw-" + i + "-" + user)));
        assertEquals(ChangeOutcome.APPLIED, clawed.get(0), "a consume in between moves the balance, not the terms");
        assertEquals(1, audit.entryTypes(user).stream().filter("REFUND_CLAWBACK"::equals).count());
    }

    @Test
    void aChangeWhoseBalanceAConsumeMovedBeforeItsWriteIsDecidedAgainAndApplied() {
        String user = newUser();
        ledger.account(user);
        between.interleave(() -> other.consume(consume(user, 10, "between-1-" + user)));
        assertEquals(ChangeOutcome.APPLIED, ledger.resetForPeriod(period(user, JAN, FEB)));
        assertEquals(1_000L, audit.balance(user));

        between.interleave(() -> other.consume(consume(user, 10, "between-2-" + user)));
        assertEquals(ChangeOutcome.APPLIED, ledger.raiseAllowance(user, "sub_1", "business", 5_000));
        assertEquals(5_000L, audit.balance(user));

        between.interleave(() -> other.consume(consume(user, 10, "between-3-" + user)));
        assertEquals(ChangeOutcome.APPLIED, ledger.clawBack(user, "sub_1", JAN, "in_jan"));
        assertEquals(0L, audit.balance(user));
        assertEquals(List.of(), between.pending(), "every interleaved consume ran");
    }

    @Test
    void aChangeThatLosesTwentyRacesInARowGivesUpWithNothingWritten() {
        String user = newUser();
        ledger.account(user);
        for (int i = 0; i < 20; i++) {
            String key = "race-" + i + "-" + user;
            between.interleave(() -> other.consume(consume(user, 1, key)));
        }

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> ledger.resetForPeriod(period(user, JAN, FEB)));

        assertTrue(failure.getMessage().contains("lost 20 races"), failure.getMessage());
        assertEquals(List.of(), between.pending());
        assertEquals(80L, audit.balance(user), "only the consumes were written");
        assertFalse(audit.entryTypes(user).contains("PERIOD_GRANT"));
    }

    @Test
    void aSubscriptionsPeriodWhoseBalanceAConsumeMovedStillReplacesTheFreePeriodOfItsStart() {
        String user = newUser();
        ledger.resetForPeriod(new PeriodReset(user, "free", 100, JAN, FEB, PeriodReset.grantKey("free", JAN),
                PeriodReset.FREE_SOURCE, PeriodReset.NextReset.BY_SCHEDULE));
        between.interleave(() -> other.consume(consume(user, 10, "between-" + user)));

        assertEquals(ChangeOutcome.APPLIED, ledger.resetForPeriod(new PeriodReset(user, "pro", 1_000, JAN, FEB,
                "sub_1@jan", "sub_1", PeriodReset.NextReset.BY_INVOICE)));
        assertEquals(1_000L, audit.balance(user));
    }

    @Test
    void aChangeWhosePeriodAnotherChangeReplacedBeforeItsWriteIsSupersededNotRetried() {
        String user = newUser();
        ledger.resetForPeriod(period(user, JAN, FEB));

        between.interleave(() -> other.raiseAllowance(user, "sub_1", "business", 5_000));
        assertEquals(ChangeOutcome.SUPERSEDED, ledger.raiseAllowance(user, "sub_1", "team", 3_000),
                "a higher allowance came first");
        between.interleave(() -> other.resetForPeriod(period(user, FEB, MAR)));
        assertEquals(ChangeOutcome.SUPERSEDED, ledger.raiseAllowance(user, "sub_1", "enterprise", 9_000));
        between.interleave(() -> other.resetForPeriod(period(user, MAR, APR)));
        assertEquals(ChangeOutcome.SUPERSEDED, ledger.clawBack(user, "sub_1", FEB, "in_feb"));
        between.interleave(() -> other.resetForPeriod(period(user, MAY, JUN)));
        assertEquals(ChangeOutcome.SUPERSEDED, ledger.resetForPeriod(period(user, APR, MAY)));

        assertEquals(List.of(), between.pending());
        assertEquals(1_000L, audit.balance(user));
        assertEquals(MAY, ledger.account(user).periodStart());
    }

    @Test
    void theAuditsTotalsPageThroughALedgerLargerThanOneQueryPage() {
        String user = newUser();
        Map<String, String> bulky = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            bulky.put("k" + i, "v".repeat(500));
        }
        // ~10 KB an entry: 100 of them are more than DynamoDB's 1 MB a query page
        for (int i = 0; i < 100; i++) {
            ledger.consume(new ConsumeRequest(user, 1, "bulk-" + i + "-" + user, "AI Chat", bulky, "test-backend"));
        }

        assertEquals(Optional.of(new LedgerTotals(user, 0, 0, 101)), store.totals(user));
    }

    @Test
    void aLaterLedgerPageOpensNoAccount() {
        String owner = newUser();
        ledger.consume(consume(owner, 5, "page-" + owner));
        String ownersCursor = ledger.history(owner, new PageRequest(1, null)).nextCursor();
        String stranger = newUser();

        // a cursor is a position in the caller's own ledger, which here holds nothing
        assertEquals(List.of(), ledger.history(stranger, new PageRequest(1, ownersCursor)).items());
        assertCode(ErrorCode.INVALID_REQUEST, () -> ledger.history(stranger, new PageRequest(1, "not-a-cursor")));

        assertEquals(Optional.empty(), store.findAccount(stranger));
        users.remove(stranger);
    }

    @Test
    void anUpgradeRaisesTheBalanceToTheNewAllowanceOncePerPeriodAndADowngradeWaits() {
        String user = newUser();
        ledger.resetForPeriod(new PeriodReset(user, "pro", 1_000, JAN, FEB, "sub_1@jan", "sub_1", PeriodReset.NextReset.BY_INVOICE));
        ledger.consume(consume(user, 300, "u1-" + user));

        assertEquals(ChangeOutcome.APPLIED, ledger.raiseAllowance(user, "sub_1", "business", 5_000));
        assertEquals(5_000L, audit.balance(user));
        ledger.consume(consume(user, 100, "u2-" + user));
        assertEquals(ChangeOutcome.NOT_APPLICABLE, ledger.raiseAllowance(user, "sub_1", "business", 5_000));
        assertEquals(ChangeOutcome.NOT_APPLICABLE, ledger.raiseAllowance(user, "sub_1", "pro", 1_000),
                "a downgrade keeps what was granted");
        assertEquals(ChangeOutcome.NOT_APPLICABLE, ledger.raiseAllowance(user, "sub_1", "business", 5_000),
                "switching back up within the period grants nothing more");

        assertEquals(4_900L, audit.balance(user));
        assertEquals(List.of("SIGNUP_GRANT", "PERIOD_EXPIRY", "PERIOD_GRANT", "CONSUMPTION", "UPGRADE_GRANT",
                "CONSUMPTION"), audit.entryTypes(user));
        ledger.resetForPeriod(new PeriodReset(user, "pro", 1_000, FEB, MAR, "sub_1@feb", "sub_1", PeriodReset.NextReset.BY_INVOICE));
        assertEquals(1_000L, audit.balance(user), "the downgrade takes effect with the next period");
    }

    @Test
    void anUpgradeOutsideAPeriodItsSubscriptionOpenedChangesNothing() {
        String user = newUser();
        assertEquals(ChangeOutcome.NOT_APPLICABLE, ledger.raiseAllowance(user, "sub_1", "business", 5_000),
                "signup credits are no paid period: the subscription's first grant comes first");
        ledger.resetForPeriod(new PeriodReset(user, "pro", 1_000, JAN, FEB, "sub_1@jan", "sub_1", PeriodReset.NextReset.BY_INVOICE));
        assertEquals(ChangeOutcome.NOT_APPLICABLE, ledger.raiseAllowance(user, "sub_2", "business", 5_000));
        assertEquals(1_000L, audit.balance(user));
    }

    @Test
    void tenConcurrentUpgradeSignalsRaiseTheBalanceOnce() throws Exception {
        String user = newUser();
        ledger.resetForPeriod(new PeriodReset(user, "pro", 1_000, JAN, FEB, "sub_1@jan", "sub_1", PeriodReset.NextReset.BY_INVOICE));
        ledger.consume(consume(user, 250, "c-" + user));

        List<ChangeOutcome> outcomes = race(10, i -> ledger.raiseAllowance(user, "sub_1", "business", 5_000));

        assertEquals(1, outcomes.stream().filter(ChangeOutcome.APPLIED::equals).count(), outcomes.toString());
        assertEquals(5_000L, audit.balance(user));
        assertEquals(1, audit.entryTypes(user).stream().filter("UPGRADE_GRANT"::equals).count());
    }

    @Test
    void aClawBackTakesWhatIsLeftOfThePeriodsGrantOnce() {
        String user = newUser();
        ledger.resetForPeriod(new PeriodReset(user, "pro", 1_000, JAN, FEB, "sub_1@jan", "sub_1", PeriodReset.NextReset.BY_INVOICE));
        ledger.consume(consume(user, 300, "k-" + user));

        assertEquals(ChangeOutcome.APPLIED, ledger.clawBack(user, "sub_1", JAN, "in_jan"));
        assertEquals(ChangeOutcome.NOT_APPLICABLE, ledger.clawBack(user, "sub_1", JAN, "in_jan"));

        assertEquals(0L, audit.balance(user));
        assertEquals(-700L, Long.parseLong(audit.entries(user).get(audit.entries(user).size() - 1).get("delta").n()));
        assertEquals(1, audit.entryTypes(user).stream().filter("REFUND_CLAWBACK"::equals).count());
    }

    @Test
    void aClawBackNeverTakesMoreThanTheGrantNorFromAnEndedPeriod() {
        String user = newUser();
        ledger.resetForPeriod(new PeriodReset(user, "pro", 1_000, JAN, FEB, "sub_1@jan", "sub_1", PeriodReset.NextReset.BY_INVOICE));
        ledger.adjust(new AdjustmentRequest(user, 250, "Goodwill", "gift-" + user, "admin-1"));
        assertEquals(ChangeOutcome.APPLIED, ledger.clawBack(user, "sub_1", JAN, "in_jan"));
        assertEquals(250L, audit.balance(user), "support's grant is not the period's");

        ledger.resetForPeriod(new PeriodReset(user, "pro", 1_000, FEB, MAR, "sub_1@feb", "sub_1", PeriodReset.NextReset.BY_INVOICE));
        assertEquals(ChangeOutcome.NOT_APPLICABLE, ledger.clawBack(user, "sub_1", JAN, "in_jan_again"),
                "January's leftover expired with January");
        assertEquals(1_000L, audit.balance(user));
    }

    @Test
    void adminAdjustmentsAreKeyedAuditedAndNeverOverdraw() {
        String user = newUser();
        MoveResult grant = ledger.adjust(new AdjustmentRequest(user, 50, "Outage goodwill", "t-1-" + user, "admin-1"));

        assertEquals(150L, audit.balance(user));
        MoveResult again = ledger.adjust(new AdjustmentRequest(user, 50, "Outage goodwill", "t-1-" + user, "admin-1"));
        assertTrue(again.replayed());
        assertEquals(grant.transactionId(), again.transactionId());
        assertCode(ErrorCode.IDEMPOTENCY_CONFLICT, () -> ledger.adjust(
                new AdjustmentRequest(user, 60, "Outage goodwill", "t-1-" + user, "admin-1")));
        assertCode(ErrorCode.IDEMPOTENCY_CONFLICT, () -> ledger.adjust(
                new AdjustmentRequest(user, 50, "Outage goodwill", "t-1-" + user, "admin-2")));
        BillingException refused = assertThrows(BillingException.class, () -> ledger.adjust(
                new AdjustmentRequest(user, -151, "Correction", "t-2-" + user, "admin-1")));
        assertEquals(ErrorCode.INSUFFICIENT_CREDITS, refused.code());
        assertEquals(150L, refused.details().get("balance"));
        ledger.adjust(new AdjustmentRequest(user, -150, "Correction", "t-3-" + user, "admin-1"));

        assertEquals(0L, audit.balance(user));
        LedgerEntry correction = ledger.history(user, new PageRequest(1, null)).items().get(0);
        assertEquals(LedgerEntryType.ADMIN_ADJUSTMENT, correction.type());
        assertEquals(Map.of("adminId", "admin-1"), correction.metadata());
        assertEquals("Correction", correction.description());
        AuditEntry recorded = new DynamoDbAuditLog(table.client(), table.name()).find("adjustment:t-1-" + user)
                .orElseThrow();
        assertEquals("admin-1", recorded.adminId());
        assertEquals(Map.of("amount", "50", "reason", "Outage goodwill", "idempotencyKey", "t-1-" + user),
                recorded.details());
        assertTrue(new DynamoDbAuditLog(table.client(), table.name()).find("adjustment:t-2-" + user).isEmpty(),
                "a refused adjustment leaves no audit record");
    }

    @Test
    void historyIsNewestFirstAndPagesWithACursor() {
        String user = newUser();
        for (int i = 1; i <= 5; i++) {
            ledger.consume(consume(user, i, "h" + i + "-" + user));
        }

        Page<LedgerEntry> first = ledger.history(user, new PageRequest(4, null));
        Page<LedgerEntry> second = ledger.history(user, new PageRequest(4, first.nextCursor()));

        assertEquals(List.of(-5L, -4L, -3L, -2L), first.items().stream().map(LedgerEntry::delta).toList());
        assertNotNull(first.nextCursor());
        assertEquals(List.of(-1L, 100L), second.items().stream().map(LedgerEntry::delta).toList());
        assertEquals("h5-" + user, first.items().get(0).reference());
        assertEquals(Map.of("model", "gpt-4", ConsumeRequest.CALLER, "test-backend"), first.items().get(0).metadata(),
                "the entry records the caller beside the request's metadata");
        assertCode(ErrorCode.INVALID_REQUEST, () -> ledger.history(user, new PageRequest(4, "bm90LWEtY3Vyc29y")));
    }

    private String newUser() {
        String user = "user-" + UUID.randomUUID();
        users.add(user);
        return user;
    }

    private static ConsumeRequest consume(String user, long amount, String key) {
        return new ConsumeRequest(user, amount, key, "AI Chat - GPT-4", Map.of("model", "gpt-4"), "test-backend");
    }

    /** Subscription sub_1's Pro period from {@code start}. */
    private static PeriodReset period(String user, Instant start, Instant end) {
        return new PeriodReset(user, "pro", 1_000, start, end, PeriodReset.grantKey("sub_1", start), "sub_1",
                PeriodReset.NextReset.BY_INVOICE);
    }

    private static PeriodReset reset(String user, String key, Instant start, Instant end) {
        return new PeriodReset(user, "pro", 1_000, start, end, key, key, PeriodReset.NextReset.BY_INVOICE);
    }

    /**
     * Runs a change just before the next TransactWriteItems is sent: another writer landing
     * between a change's read and its write, deterministically (moto serves one request at a time).
     */
    private static final class BeforeNextTransaction implements ExecutionInterceptor {
        private final List<Runnable> changes = new ArrayList<>();

        synchronized void interleave(Runnable change) {
            changes.add(change);
        }

        synchronized List<Runnable> pending() {
            return List.copyOf(changes);
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            Runnable change;
            synchronized (this) {
                if (!(context.request() instanceof TransactWriteItemsRequest) || changes.isEmpty()) {
                    return;
                }
                change = changes.remove(0);
            }
            change.run();
        }
    }

    private List<String> dueUsers(Instant now) {
        List<String> due = new ArrayList<>();
        String cursor = null;
        do {
            Page<String> page = schedule.due(now, cursor, 100);
            due.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return due;
    }

    private static void assertCode(ErrorCode code, Runnable action) {
        assertEquals(code, assertThrows(BillingException.class, action::run).code());
    }

    interface Task<T> {
        T run(int index) throws Exception;
    }

    /** Runs {@code count} tasks released at the same instant by a latch; returns their results in order. */
    static <T> List<T> race(int count, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
