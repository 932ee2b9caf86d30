package dev.aibilling.function.reconcile;

import static dev.aibilling.function.reconcile.ReconcileFixture.plusMonths;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aibilling.domain.credits.ConsumeRequest;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.plans.CachedPlans;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.domain.reconcile.MonthlyRefills;
import dev.aibilling.domain.reconcile.Reconciler;
import dev.aibilling.emulator.RequestCounter;
import dev.aibilling.testing.Subscriber;
import dev.aibilling.testing.TestBilling;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Thirteen months of a Free user, a yearly subscriber and a monthly one, on a clock anchored
 * on the 31st. Each month two runs overlap and a third one follows (a retry): the Free and
 * the yearly account are refilled exactly once a month, on the anchor's day or the month's
 * last; the monthly one never (its invoices reset it); the year's end waits for the renewal.
 */
class MonthlyRefillTest {
    private static final Instant START = Instant.parse("2027-01-31T09:00:00Z");

    @Test
    @Tag("exhaustive")
    void freeAndYearlyAccountsAreRefilledOnceAMonthForThirteenMonths() throws Exception {
        try (ReconcileFixture f = new ReconcileFixture(START)) {
            CreditLedger ledger = new CreditLedger(f.billing.stores().credits(), f.clock);
            String free = "user-free-" + UUID.randomUUID();
            ledger.account(free);
            Subscriber yearly = f.subscribed(TestBilling.PRO_YEARLY, START, plusMonths(START, 12));
            Subscriber monthly = f.subscribed(TestBilling.PRO_MONTHLY, START, plusMonths(START, 1));
            Reconciler reconciler = f.billing.reconciler(f.clock);
            assertEquals(1, f.grants(yearly.user));

            for (int month = 1; month <= 13; month++) {
                Instant due = plusMonths(START, month);
                f.clock.set(due.plus(Duration.ofHours(1)));
                for (String user : List.of(free, yearly.user, monthly.user)) {
                    ledger.consume(new ConsumeRequest(user, 7, "m" + month + "-" + user, "AI Chat", Map.of(), "test"));
                }
                if (month == 12) {
                    // the year is over: nothing for the scheduler until the renewal invoice
                    assertEquals(1, runOverlappingAndRetried(reconciler), "month 12: only the Free account");
                    assertEquals(12, f.grants(yearly.user));
                    f.renewed(yearly, "in_" + yearly.subscription.substring("sub_".length()) + "_2", TestBilling.PRO_YEARLY, due, plusMonths(START, 24));
                } else {
                    assertEquals(2, runOverlappingAndRetried(reconciler), "month " + month);
                }

                assertEquals(month, f.grants(free), "Free grants after month " + month);
                assertEquals(due, f.account(free).periodStart(), "the Free period starts on the anchor's day");
                assertEquals(100, f.account(free).balance());
                assertEquals(month + 1, f.grants(yearly.user), "yearly grants after month " + month);
                assertEquals(due, f.account(yearly.user).periodStart());
                assertEquals(1000, f.account(yearly.user).balance());
                assertEquals(1, f.grants(monthly.user), "the scheduler never resets a monthly subscriber");
                assertEquals(1000 - 7L * month, f.account(monthly.user).balance());
                for (String user : List.of(free, yearly.user, monthly.user)) {
                    f.audit.assertBalanced(user);
                }
            }
            // the 31st, clamped in short months and back on the 31st after them
            assertEquals(Instant.parse("2027-02-28T09:00:00Z"), plusMonths(START, 1));
            assertEquals(Instant.parse("2027-03-31T09:00:00Z"), plusMonths(START, 2));
        }
    }

    @Test
    void aDueRefillCostsOneReadAndOneTransaction() throws Exception {
        try (ReconcileFixture f = new ReconcileFixture(START)) {
            String free = "user-free-" + UUID.randomUUID();
            new CreditLedger(f.billing.stores().credits(), f.clock).account(free);
            RequestCounter requests = new RequestCounter();
            DynamoDbStores stores = f.billing.stores(requests);
            CachedPlans plans = new CachedPlans(stores.plans(), f.clock, CachedPlans.DEFAULT_TTL);
            MonthlyRefills refills = new MonthlyRefills(new CreditLedger(stores.credits(), f.clock),
                    stores.subscriptions(), plans, stores.refillSchedule());
            f.clock.set(plusMonths(START, 1).plus(Duration.ofHours(1)));
            plans.all();
            requests.reset();

            assertEquals(MonthlyRefills.Outcome.REFILLED, refills.refill(free, f.clock.instant(), new ArrayList<>()));

            assertEquals(Map.of("GetItem", 1, "TransactWriteItems", 1), requests.snapshot(),
                    "the change is decided on the account the refill read");
            assertEquals(100, f.account(free).balance());
        }
    }

    /** Two runs at once, then one more; returns how many refills the three made together. */
    private static long runOverlappingAndRetried(Reconciler reconciler) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<DomainEvent.ReconciliationCompleted>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(pool.submit(() -> {
                start.await();
                return reconciler.run(Instant.MAX).report();
            }));
        }
        start.countDown();
        long refills = 0;
        for (Future<DomainEvent.ReconciliationCompleted> run : runs) {
            DomainEvent.ReconciliationCompleted report = run.get(120, TimeUnit.SECONDS);
            assertEquals(0, report.refillsFailed(), report.toString());
            refills += report.refills();
        }
        pool.shutdown();
        DomainEvent.ReconciliationCompleted retry = reconciler.run(Instant.MAX).report();
        assertEquals(0, retry.refills(), "a retried run refills nothing: " + retry);
        return refills;
    }
}
