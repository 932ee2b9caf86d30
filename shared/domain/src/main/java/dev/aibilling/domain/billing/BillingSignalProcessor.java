package dev.aibilling.domain.billing;

import dev.aibilling.domain.credits.ChangeOutcome;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.credits.PeriodReset;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.events.DomainEventPublisher;
import dev.aibilling.domain.payments.Payment;
import dev.aibilling.domain.payments.PaymentStatus;
import dev.aibilling.domain.payments.PaymentStore;
import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.plans.PlanPrice;
import dev.aibilling.domain.subscriptions.SubscriptionSnapshot;
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
    private final PaymentStore payments;
    private final CreditLedger ledger;
    private final SubscriptionObservations subscriptions;
    private final RefundObservations refunds;
    private final PaymentProvider provider;
    private final DomainEventPublisher publisher;
    private final Clock clock;

    public BillingSignalProcessor(ProcessedSignals processed, CustomerStore customers, PaymentStore payments,
                                  CreditLedger ledger, SubscriptionObservations subscriptions,
                                  RefundObservations refunds, PaymentProvider provider,
                                  DomainEventPublisher publisher, Clock clock) {
        this.processed = processed;
        this.customers = customers;
        this.payments = payments;
        this.ledger = ledger;
        this.subscriptions = subscriptions;
        this.refunds = refunds;
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
            Instant observedAt = now();
            SubscriptionSnapshot snapshot = provider.subscription(checkout.subscriptionId());
            PlanPrice price = subscriptions.apply(checkout.userId(), snapshot, observedAt, published);
            if (checkout.paid() && !snapshot.status().terminal()) {
                grantPeriod(checkout.userId(), price, snapshot.subscriptionId(), snapshot.currentPeriodStart(),
                        snapshot.currentPeriodEnd(), published);
            }
            return null;
        }

        @Override
        public Void subscriptionChanged(BillingSignal.SubscriptionChanged signal) {
            Instant observedAt = now();
            SubscriptionSnapshot snapshot = provider.subscription(signal.subscriptionId());
            subscriptions.apply(userOf(snapshot), snapshot, observedAt, published);
            return null;
        }

        @Override
        public Void invoiceSettled(BillingSignal.InvoiceSettled settled) {
            BillingSignal.Invoice invoice = settled.invoice();
            String userId = invoice.userId() != null ? invoice.userId() : customers.userOf(invoice.customerId())
                    .orElseThrow(() -> new IllegalStateException("Invoice " + invoice.invoiceId() + " of customer "
                            + invoice.customerId() + " cannot be attributed yet; it will be retried"));
            boolean opensPeriod = invoice.subscriptionId() != null && PERIOD_REASONS.contains(invoice.billingReason());
            if (settled.paid()) {
                String paymentIntent = provider.paymentIntentOfInvoice(invoice.invoiceId()).orElse(null);
                payments.record(payment(userId, invoice, PaymentStatus.SUCCEEDED, paymentIntent, opensPeriod));
                published.add(new DomainEvent.PaymentSucceeded("payment-succeeded:" + invoice.invoiceId(), userId,
                        now(), invoice.invoiceId(), invoice.amount().amount(), invoice.amount().currency(),
                        invoice.hostedInvoiceUrl()));
                if (opensPeriod) {
                    grantPeriod(userId, subscriptions.planOf(invoice.priceId()), invoice.subscriptionId(),
                            invoice.periodStart(), invoice.periodEnd(), published);
                }
            } else {
                payments.record(payment(userId, invoice, PaymentStatus.FAILED, null, false));
                if (invoice.subscriptionId() != null) {
                    Instant observedAt = now();
                    subscriptions.apply(userId, provider.subscription(invoice.subscriptionId()), observedAt,
                            published);
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
            Payment payment = payments.findByPaymentIntent(refund.paymentIntentId())
                    .orElseThrow(() -> new IllegalStateException("No payment is recorded for payment intent "
                            + refund.paymentIntentId() + " yet; the refund will be retried"));
            refunds.apply(payment, refund.amountRefunded(), now(), published);
            return null;
        }

        @Override
        public Void ignored(BillingSignal.Ignored signal) {
            throw new IllegalStateException("An ignored signal has no effects: " + signal);
        }
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
        ChangeOutcome outcome = ledger.resetForPeriod(new PeriodReset(userId, price.plan().id(), allowance, start,
                creditPeriodEnd, grantKey, subscriptionId));
        if (outcome != ChangeOutcome.SUPERSEDED) {
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

    private static Payment payment(String userId, BillingSignal.Invoice invoice, PaymentStatus status,
                                   String paymentIntent, boolean opensPeriod) {
        return new Payment(invoice.invoiceId(), userId, invoice.amount(), 0, status, invoice.description(),
                invoice.hostedInvoiceUrl(), invoice.invoicePdf(), paymentIntent,
                opensPeriod ? new Payment.CreditedPeriod(invoice.subscriptionId(), invoice.periodStart()) : null,
                invoice.created());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
