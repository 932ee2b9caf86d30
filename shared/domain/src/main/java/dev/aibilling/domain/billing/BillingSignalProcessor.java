package dev.aibilling.domain.billing;

import dev.aibilling.domain.credits.ChangeOutcome;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.credits.PeriodReset;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.events.DomainEventPublisher;
import dev.aibilling.domain.notifications.NotificationSettingsStore;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Applies the provider's notices exactly once in effect, in any order, however often
 * delivered, whatever API version the account speaks: the object is read from the
 * provider (after the duplicate check, so a redelivery costs no provider request);
 * subscription state is stored only if newer; payments are keyed by invoice; credits are
 * reset once per billing period by the ledger's grant key. A notice is ours only when it
 * concerns a customer we created; any other is recorded as unmatched and acknowledged,
 * never retried. Domain events are published before the notice is marked processed, so
 * none is lost.
 */
public final class BillingSignalProcessor {
    /** Invoices that open a billing period; proration and manual invoices do not grant credits. */
    private static final Set<String> PERIOD_REASONS = Set.of("subscription_create", "subscription_cycle");

    private final ProcessedSignals processed;
    private final UnmatchedNotices unmatched;
    private final NoticeReader reader;
    private final CustomerStore customers;
    private final PaymentStore payments;
    private final CreditLedger ledger;
    private final SubscriptionObservations subscriptions;
    private final RefundObservations refunds;
    private final NotificationSettingsStore settings;
    private final DomainEventPublisher publisher;
    private final Clock clock;

    public BillingSignalProcessor(ProcessedSignals processed, UnmatchedNotices unmatched, NoticeReader reader,
                                  CustomerStore customers, PaymentStore payments, CreditLedger ledger,
                                  SubscriptionObservations subscriptions, RefundObservations refunds,
                                  NotificationSettingsStore settings, DomainEventPublisher publisher, Clock clock) {
        this.processed = processed;
        this.unmatched = unmatched;
        this.reader = reader;
        this.customers = customers;
        this.payments = payments;
        this.ledger = ledger;
        this.subscriptions = subscriptions;
        this.refunds = refunds;
        this.settings = settings;
        this.publisher = publisher;
        this.clock = clock;
    }

    public enum Outcome {
        PROCESSED,
        DUPLICATE,
        /** A type billing does not act on, or an object of no concern (a one-time payment). */
        IGNORED,
        /** Not ours: recorded as unmatched, acknowledged, never retried. */
        FOREIGN
    }

    public Outcome process(Notice notice) {
        if (!reader.reads(notice.type())) {
            return Outcome.IGNORED;
        }
        if (processed.isProcessed(notice.id())) {
            return Outcome.DUPLICATE;
        }
        // taken before the read: a later read of the same object always carries a later time
        Instant readAt = now();
        BillingSignal signal = reader.read(notice);
        if (signal instanceof BillingSignal.Ignored) {
            return Outcome.IGNORED;
        }
        Optional<String> owner = signal.customerId() == null ? Optional.empty() : customers.userOf(signal.customerId());
        if (owner.isEmpty()) {
            return foreign(notice, "customer " + signal.customerId() + " is not one this service created");
        }
        Optional<String> disagreement = disagreement(signal, owner.get());
        if (disagreement.isPresent()) {
            return foreign(notice, disagreement.get());
        }
        List<DomainEvent> published = new ArrayList<>();
        signal.accept(new Effects(owner.get(), readAt, published));
        if (!published.isEmpty()) {
            publisher.publish(published);
        }
        processed.markProcessed(notice.id(), signal.getClass().getSimpleName(), now());
        return Outcome.PROCESSED;
    }

    /** A notice that is not ours for a reason the adapter knows (another mode, a Connect account). */
    public Outcome foreign(Notice notice, String reason) {
        unmatched.record(notice, reason, now());
        processed.markProcessed(notice.id(), "Unmatched", now());
        return Outcome.FOREIGN;
    }

    /**
     * A checkout names its user twice, in client_reference_id (which a Payment Link lets
     * anyone set) and in the metadata this service wrote; both must name the customer's
     * owner, or nothing is bound to anyone.
     */
    private static Optional<String> disagreement(BillingSignal signal, String owner) {
        if (signal instanceof BillingSignal.CheckoutCompleted checkout
                && (!owner.equals(checkout.clientReferenceId()) || !owner.equals(checkout.metadataUserId()))) {
            return Optional.of("checkout names user " + checkout.clientReferenceId() + " (metadata "
                    + checkout.metadataUserId() + ") but its customer belongs to " + owner);
        }
        if (signal instanceof BillingSignal.SubscriptionChanged changed && changed.subscription().userId() != null
                && !Objects.equals(owner, changed.subscription().userId())) {
            return Optional.of("subscription metadata names user " + changed.subscription().userId()
                    + " but its customer belongs to " + owner);
        }
        return Optional.empty();
    }

    /** What each kind of signal does for its owner; the domain events it causes are collected for one publication. */
    private final class Effects implements BillingSignal.Cases<Void> {
        private final String userId;
        private final Instant readAt;
        private final List<DomainEvent> published;

        Effects(String userId, Instant readAt, List<DomainEvent> published) {
            this.userId = userId;
            this.readAt = readAt;
            this.published = published;
        }

        @Override
        public Void checkoutCompleted(BillingSignal.CheckoutCompleted checkout) {
            if (checkout.customerEmail() != null) {
                settings.rememberStripeEmail(userId, checkout.customerEmail());
            }
            SubscriptionSnapshot snapshot = checkout.subscription();
            if (snapshot == null) {
                return null;
            }
            PlanPrice price = subscriptions.apply(userId, snapshot, readAt, published);
            if (checkout.paid() && !snapshot.status().terminal()) {
                grantPeriod(price, snapshot.subscriptionId(), snapshot.currentPeriodStart(),
                        snapshot.currentPeriodEnd());
            }
            return null;
        }

        @Override
        public Void subscriptionChanged(BillingSignal.SubscriptionChanged changed) {
            subscriptions.apply(userId, changed.subscription(), readAt, published);
            return null;
        }

        @Override
        public Void invoiceSettled(BillingSignal.InvoiceSettled settled) {
            BillingSignal.Invoice invoice = settled.invoice();
            boolean opensPeriod = invoice.subscriptionId() != null && PERIOD_REASONS.contains(invoice.billingReason());
            if (invoice.subscription() != null) {
                // e.g. past_due after a failed renewal, whether or not its own update arrives
                subscriptions.apply(userId, invoice.subscription(), readAt, published);
            }
            if (invoice.paid()) {
                payments.record(payment(invoice, PaymentStatus.SUCCEEDED, opensPeriod));
                published.add(new DomainEvent.PaymentSucceeded("payment-succeeded:" + invoice.invoiceId(), userId,
                        now(), invoice.invoiceId(), invoice.amount().amount(), invoice.amount().currency(),
                        invoice.hostedInvoiceUrl(), invoice.invoicePdf(), invoice.receiptUrl(),
                        subscriptions.findPlan(invoice.priceId()).map(p -> p.plan().id()).orElse(null),
                        invoice.periodStart(), invoice.periodEnd(), invoice.customerEmail()));
                if (opensPeriod) {
                    grantPeriod(subscriptions.planOf(invoice.priceId()), invoice.subscriptionId(),
                            invoice.periodStart(), invoice.periodEnd());
                }
            } else if (settled.attemptFailed()) {
                payments.record(payment(invoice, PaymentStatus.FAILED, false));
                published.add(new DomainEvent.PaymentFailed(
                        "payment-failed:" + invoice.invoiceId() + ":" + invoice.attemptCount(), userId, now(),
                        invoice.invoiceId(), invoice.amount().amount(), invoice.amount().currency(),
                        invoice.hostedInvoiceUrl(), invoice.attemptCount(), invoice.nextPaymentAttempt(),
                        invoice.customerEmail()));
            } else {
                throw new IllegalStateException("Invoice " + invoice.invoiceId() + " was announced paid but is not "
                        + "paid at Stripe; it will be read again");
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

        /**
         * Resets the balance to the plan allowance for the period starting at {@code start}.
         * The grant key is the subscription and period start, which the checkout and the
         * period's first invoice both resolve to: together they grant once. Yearly plans get
         * credits monthly: their credit period ends a month after it starts, and the
         * reconciler's refill opens the months after it (the refill computes the same keys).
         */
        private void grantPeriod(PlanPrice price, String subscriptionId, Instant start, Instant end) {
            Instant creditPeriodEnd = price.cycle() == BillingCycle.YEARLY
                    ? min(end, start.atZone(ZoneOffset.UTC).plusMonths(1).toInstant()) : end;
            PeriodReset.NextReset next = creditPeriodEnd.isBefore(end) ? PeriodReset.NextReset.BY_SCHEDULE
                    : PeriodReset.NextReset.BY_INVOICE;
            String grantKey = PeriodReset.grantKey(subscriptionId, start);
            long allowance = price.plan().creditsPerMonth();
            ChangeOutcome outcome = ledger.resetForPeriod(new PeriodReset(userId, price.plan().id(), allowance, start,
                    creditPeriodEnd, grantKey, subscriptionId, next));
            if (outcome != ChangeOutcome.SUPERSEDED) {
                published.add(new DomainEvent.CreditsGranted("credits-granted:" + grantKey, userId, now(),
                        subscriptionId, price.plan().id(), allowance, start, creditPeriodEnd));
            }
        }

        private Payment payment(BillingSignal.Invoice invoice, PaymentStatus status, boolean opensPeriod) {
            return new Payment(invoice.invoiceId(), userId, invoice.amount(), 0, status, invoice.description(),
                    invoice.hostedInvoiceUrl(), invoice.invoicePdf(), invoice.receiptUrl(), invoice.paymentIntentId(),
                    opensPeriod ? new Payment.CreditedPeriod(invoice.subscriptionId(), invoice.periodStart()) : null,
                    invoice.created());
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
