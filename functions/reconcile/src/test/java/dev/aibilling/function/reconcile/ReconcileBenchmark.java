package dev.aibilling.function.reconcile;

import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.reconcile.Reconciler;
import dev.aibilling.emulator.RequestCounter;
import dev.aibilling.testing.Subscriber;
import dev.aibilling.testing.TestBilling;
import dev.aibilling.testing.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A backlog for the reconciler on the emulators (moto, WireMock): {@code accounts} Free
 * accounts due for their refill and {@code events} Stripe events the webhook never
 * delivered (four per subscriber: checkout, created, updated, first invoice). Runs the
 * reconciler with the function's budget (280 s) until a run reports complete, and prints
 * each run's duration and requests. A benchmark, not a test: it asserts nothing.
 *   infra/bench/reconcile.sh [accounts] [events]
 */
public final class ReconcileBenchmark {
    private static final Duration BUDGET = Duration.ofSeconds(280);

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        // opened a month and an hour ago: every account is due now, on the real clock the budget runs on
        Instant opened = Instant.now().atZone(ZoneOffset.UTC).minusMonths(1).minusHours(1).toInstant();
        TestClock clock = new TestClock(opened);
        try (TestBilling billing = TestBilling.start()) {
            long seeding = System.nanoTime();
            CreditLedger ledger = new CreditLedger(billing.stores().credits(), clock);
            for (int i = 0; i < accounts; i++) {
                ledger.account("bench-" + i);
            }
            List<String> log = new ArrayList<>();
            for (int i = 0; i < events / 4; i++) {
                Subscriber s = new Subscriber(billing);
                s.stripeReportsAStartedSubscription();
                log.add(s.checkoutCompleted());
                log.add(s.subscriptionEvent("customer.subscription.created", "incomplete"));
                log.add(s.subscriptionEvent("customer.subscription.updated", "active"));
                log.add(s.firstInvoicePaid("invoice.payment_succeeded"));
            }
            Collections.reverse(log);
            billing.stripe().eventLog(log, 100);
            System.out.printf("seeded %d accounts and %d events in %d s%n", accounts, log.size(),
                    (System.nanoTime() - seeding) / 1_000_000_000);

            RequestCounter aws = new RequestCounter();
            Reconciler reconciler = billing.reconciler(Clock.systemUTC(), aws);
            for (int run = 1; run <= 100; run++) {
                aws.reset();
                int stripeBefore = billing.stripe().server().getAllServeEvents().size();
                long started = System.nanoTime();
                DomainEvent.ReconciliationCompleted report = reconciler.run(Instant.now().plus(BUDGET)).report();
                long millis = (System.nanoTime() - started) / 1_000_000;
                System.out.printf("run %d: %d ms, refills %d, events applied %d (already %d), audited %d, "
                                + "complete %s; requests: stripe %d, aws %s%n", run, millis, report.refills(),
                        report.eventsApplied(), report.eventsAlreadyProcessed(), report.accountsAudited(),
                        report.complete(), billing.stripe().server().getAllServeEvents().size() - stripeBefore,
                        aws.snapshot());
                if (report.complete()) {
                    break;
                }
            }
        }
    }
}
