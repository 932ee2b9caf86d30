package dev.aibilling.domain.billing;

import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.credits.PeriodReset;
import dev.aibilling.domain.credits.ResetOutcome;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.events.DomainEventPublisher;
import dev.aibilling.domain.payments.Payment;
import dev.aibilling.domain.payments.PaymentStatus;
import dev.aibilling.domain.payments.PaymentStore;
import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.plans.CachedPlans;
import dev.aibilling.domain.plans.PlanCatalog;
import dev.aibilling.domain.plans.PlanPrice;
import dev.aibilling.domain.subscriptions.Subscription;
import dev.aibilling.domain.subscriptions.SubscriptionSnapshot;
import dev.aibilling.domain.subscriptions.SubscriptionStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies billing signals exactly once in effect, in any order, however often delivered:
 * subscription state is read from the provider and stored only if newer; payments are
 * keyed by invoice; credits are reset once per billing period by the ledger's grant key.
 * Domain events are published before the signal is marked processed, so none is lost.
 */
public final class BillingSignalProcessor {
    /** Invoices that open a billing period; proration and manual invoices do not grant credits. */
    private static final Set<String> PERIOD_REASONS = Set.of("subscription_create", "subscription_cycle");

    private final ProcessedSignals processed;
    private final CustomerStore customers;
    private final SubscriptionStore subscriptions;
    private final PaymentStore payments;
    private final CachedPlans plans;
    private final CreditLedger ledger;
    private final PaymentProvider provider;
    private final DomainEventPublisher publisher;
    private final Clock clock;

    public BillingSignalProcessor(ProcessedSignals processed, CustomerStore customers, SubscriptionStore subscriptions,
                                  PaymentStore payments, CachedPlans plans, CreditLedger ledger,
                                  PaymentProvider provider, DomainEventPublisher publisher, Clock clock) {
        this.processed = processed;
        this.customers = customers;
        this.subscriptions = subscriptions;
        this.payments = payments;
        this.plans = plans;
        this.ledger = ledger;
        this.provider = provider;
        this.publisher = publisher;
        this.clock = clock;
    }

    public enum Outcome { PROCESSED, DUPLICATE, IGNORED }

    public Outcome process(BillingSignal signal) {
        if (signal instanceof BillingSignal.Ignored) {
            return Outcome.IGNORED;
        }
        if (processed.isProcessed(signal.signalId())) {
            return Outcome.DUPLICATE;
        }
        List<DomainEvent> published = new ArrayList<>();
        signal.accept(new Effects(published));
        if (!published.isEmpty()) {
            publisher.publish(published);
        }
        processed.markProcessed(signal.signalId(), signal.getClass().getSimpleName(), now());
        return Outcome.PROCESSED;
    }

    /** What each kind of signal does; the domain events it causes are collected for one publication. */
    private final class Effects implements BillingSignal.Cases<Void> {
        private final List<DomainEvent> published;

        Effects(List<DomainEvent> published) {
            this.published = published;
        }

        @Override
        public Void checkoutCompleted(BillingSignal.CheckoutCompleted checkout) {
            if (checkout.userId() == null) {
                throw new IllegalStateException("Checkout of event " + checkout.signalId()
                        + " has no client_reference_id");
            }
            if (checkout.customerId() != null) {
                customers.save(checkout.userId(), checkout.customerId());
            }
            if (checkout.subscriptionId() == null) {
                return null;
            }
            SubscriptionSnapshot snapshot = provider.subscription(checkout.subscriptionId());
            PlanPrice price = applySubscription(checkout.userId(), snapshot, published);
            if (checkout.paid() && !snapshot.status().terminal()) {
                grantPeriod(checkout.userId(), price, snapshot.subscriptionId(), snapshot.currentPeriodStart(),
                        snapshot.currentPeriodEnd(), published);
            }
            return null;
        }

        @Override
        public Void subscriptionChanged(BillingSignal.SubscriptionChanged signal) {
            SubscriptionSnapshot snapshot = provider.subscription(signal.subscriptionId());
            applySubscription(userOf(snapshot), snapshot, published);
            return null;
        }

        @Override
        public Void invoiceSettled(BillingSignal.InvoiceSettled settled) {
            BillingSignal.Invoice invoice = settled.invoice();
            String userId = invoice.userId() != null ? invoice.userId() : customers.userOf(invoice.customerId())
                    .orElseThrow(() -> new IllegalStateException("Invoice " + invoice.invoiceId() + " of customer "
                            + invoice.customerId() + " cannot be attributed yet; it will be retried"));
            if (settled.paid()) {
                String paymentIntent = provider.paymentIntentOfInvoice(invoice.invoiceId()).orElse(null);
                payments.record(userId, payment(invoice, PaymentStatus.SUCCEEDED), paymentIntent);
                published.add(new DomainEvent.PaymentSucceeded("payment-succeeded:" + invoice.invoiceId(), userId,
                        now(), invoice.invoiceId(), invoice.amount().amount(), invoice.amount().currency(),
                        invoice.hostedInvoiceUrl()));
                if (invoice.subscriptionId() != null && PERIOD_REASONS.contains(invoice.billingReason())) {
                    grantPeriod(userId, planOf(invoice.priceId()), invoice.subscriptionId(), invoice.periodStart(),
                            invoice.periodEnd(), published);
                }
            } else {
                payments.record(userId, payment(invoice, PaymentStatus.FAILED), null);
                if (invoice.subscriptionId() != null) {
                    applySubscription(userId, provider.subscription(invoice.subscriptionId()), published);
                }
                published.add(new DomainEvent.PaymentFailed(
                        "payment-failed:" + invoice.invoiceId() + ":" + invoice.attemptCount(), userId, now(),
                        invoice.invoiceId(), invoice.amount().amount(), invoice.amount().currency(),
                        invoice.hostedInvoiceUrl(), invoice.attemptCount(), invoice.nextPaymentAttempt()));
            }
            return null;
        }

        @Override
        public Void chargeRefunded(BillingSignal.ChargeRefunded refund) {
            String userId = payments.applyRefund(refund.paymentIntentId(), refund.amountRefunded())
                    .orElseThrow(() -> new IllegalStateException("No payment is recorded for payment intent "
                            + refund.paymentIntentId() + " yet; the refund will be retried"));
            published.add(new DomainEvent.PaymentRefunded(
                    "payment-refunded:" + refund.paymentIntentId() + ":" + refund.amountRefunded(), userId, now(),
                    refund.paymentIntentId(), refund.amount().amount(), refund.amountRefunded(),
                    refund.amount().currency()));
            return null;
        }

        @Override
        public Void ignored(BillingSignal.Ignored signal) {
            throw new IllegalStateException("An ignored signal has no effects: " + signal);
        }
    }

    /**
     * Stores the observed subscription and announces it. An observation the store refuses
     * (the subscription already ended, or a newer one is stored) is neither stored nor
     * announced: it is not the subscription's state.
     */
    private PlanPrice applySubscription(String userId, SubscriptionSnapshot snapshot, List<DomainEvent> published) {
        PlanPrice price = planOf(snapshot.priceId());
        Subscription subscription = new Subscription(userId, snapshot.subscriptionId(), snapshot.status(),
                price.plan().id(), price.cycle(), snapshot.currentPeriodStart(), snapshot.currentPeriodEnd(),
                snapshot.cancelAtPeriodEnd(), now());
        if (!subscriptions.save(subscription, now())) {
            return price;
        }
        if (snapshot.status().terminal()) {
            ledger.assignPlan(userId, PlanCatalog.FREE);
        }
        published.add(new DomainEvent.SubscriptionChanged("subscription-changed:" + snapshot.subscriptionId() + ":"
                + snapshot.status() + ":" + price.plan().id() + ":" + snapshot.currentPeriodStart().getEpochSecond()
                + ":" + snapshot.cancelAtPeriodEnd(), userId, now(), snapshot.subscriptionId(),
                snapshot.status().wireName(), price.plan().id(), price.cycle().wireName(),
                snapshot.currentPeriodEnd(), snapshot.cancelAtPeriodEnd()));
        return price;
    }

    /**
     * Resets the balance to the plan allowance for the period starting at {@code start}. The
     * grant key is the subscription and period start, which the checkout and the period's
     * first invoice both resolve to: together they grant once. Yearly plans get credits
     * monthly: their credit period ends a month after it starts.
     */
    private void grantPeriod(String userId, PlanPrice price, String subscriptionId, Instant start, Instant end,
                             List<DomainEvent> published) {
        Instant creditPeriodEnd = price.cycle() == BillingCycle.YEARLY
                ? min(end, start.atZone(ZoneOffset.UTC).plusMonths(1).toInstant()) : end;
        String grantKey = subscriptionId + "@" + start.getEpochSecond();
        long allowance = price.plan().creditsPerMonth();
        ResetOutcome outcome = ledger.resetForPeriod(new PeriodReset(userId, price.plan().id(), allowance, start,
                creditPeriodEnd, grantKey, subscriptionId));
        if (outcome != ResetOutcome.SUPERSEDED) {
            published.add(new DomainEvent.CreditsGranted("credits-granted:" + grantKey, userId, now(), subscriptionId,
                    price.plan().id(), allowance, start, creditPeriodEnd));
        }
    }

    private String userOf(SubscriptionSnapshot snapshot) {
        if (snapshot.userId() != null) {
            return snapshot.userId();
        }
        return customers.userOf(snapshot.customerId()).orElseThrow(() -> new IllegalStateException(
                "Subscription " + snapshot.subscriptionId() + " has no userId metadata and customer "
                        + snapshot.customerId() + " is unknown; it will be retried"));
    }

    private PlanPrice planOf(String priceId) {
        return plans.byPriceId(priceId).orElseThrow(() -> new IllegalStateException(
                "Price " + priceId + " belongs to no plan of the catalog; seed the plans with this price id"));
    }

    private static Payment payment(BillingSignal.Invoice invoice, PaymentStatus status) {
        return new Payment(invoice.invoiceId(), invoice.amount(), 0, status, invoice.description(),
                invoice.hostedInvoiceUrl(), invoice.invoicePdf(), invoice.created());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
