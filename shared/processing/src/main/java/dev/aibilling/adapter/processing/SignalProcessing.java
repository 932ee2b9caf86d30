package dev.aibilling.adapter.processing;

import com.stripe.StripeClient;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.stripe.StripeEventLog;
import dev.aibilling.adapter.stripe.StripeNoticeReader;
import dev.aibilling.adapter.stripe.StripePaymentProvider;
import dev.aibilling.domain.billing.BillingSignalProcessor;
import dev.aibilling.domain.billing.RefundObservations;
import dev.aibilling.domain.billing.SubscriptionObservations;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.events.DomainEventPublisher;
import dev.aibilling.domain.plans.CachedPlans;
import dev.aibilling.domain.reconcile.BalanceAudit;
import dev.aibilling.domain.reconcile.MissedEvents;
import dev.aibilling.domain.reconcile.MonthlyRefills;
import dev.aibilling.domain.reconcile.Reconciler;
import dev.aibilling.domain.reconcile.SubscriptionDrift;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one wiring of Stripe signal processing, and of the reconciliation that replays
 * Stripe's events through it: the webhook processor and the reconciler apply events with
 * the same processor, built the same way.
 */
public record SignalProcessing(DynamoDbStores stores, Supplier<StripeClient> stripe, DomainEventPublisher publisher,
                               Clock clock, BillingSignalProcessor processor, SubscriptionObservations observations,
                               CreditLedger ledger, CachedPlans plans) {

    public static SignalProcessing of(DynamoDbStores stores, Supplier<StripeClient> stripe,
                                      DomainEventPublisher publisher, Clock clock) {
        return of(stores, stripe, publisher, clock, CachedPlans.DEFAULT_TTL);
    }

    /** {@code planCacheTtl}: tests that seed plans as they go read the catalog every time (zero). */
    public static SignalProcessing of(DynamoDbStores stores, Supplier<StripeClient> stripe,
                                      DomainEventPublisher publisher, Clock clock, Duration planCacheTtl) {
        CreditLedger ledger = new CreditLedger(stores.credits(), clock);
        CachedPlans plans = new CachedPlans(stores.plans(), clock, planCacheTtl);
        SubscriptionObservations observations = new SubscriptionObservations(stores.subscriptions(), plans, ledger);
        BillingSignalProcessor processor = new BillingSignalProcessor(stores.processedSignals(),
                stores.unmatchedNotices(), new StripeNoticeReader(stripe), stores.customers(), stores.payments(), ledger,
                observations, new RefundObservations(stores.payments(), ledger), stores.notificationSettings(), publisher,
                clock);
        return new SignalProcessing(stores, stripe, publisher, clock, processor, observations, ledger, plans);
    }

    /** The scheduled reconciliation on the same stores, Stripe client, bus and clock. */
    public Reconciler reconciler() {
        return new Reconciler(new MissedEvents(new StripeEventLog(stripe), processor, stores.reconcileState()),
                new SubscriptionDrift(new StripePaymentProvider(stripe, null), observations, clock),
                stores.liveSubscriptions(),
                new MonthlyRefills(ledger, stores.subscriptions(), plans, stores.refillSchedule()),
                stores.refillSchedule(), new BalanceAudit(stores.credits()), stores.accountSweep(),
                stores.reconcileState(), publisher, clock);
    }
}
