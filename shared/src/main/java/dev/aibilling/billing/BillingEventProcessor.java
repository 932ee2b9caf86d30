package dev.aibilling.billing;

import dev.aibilling.credits.CreditLedger;
import dev.aibilling.credits.PeriodReset;
import dev.aibilling.credits.ResetOutcome;
import dev.aibilling.payments.Payment;
import dev.aibilling.payments.PaymentStore;
import dev.aibilling.plans.BillingCycle;
import dev.aibilling.plans.PlanStore;
import dev.aibilling.subscriptions.Subscription;
import dev.aibilling.subscriptions.SubscriptionStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies billing events exactly once in effect, in any order, however often delivered:
 * subscription state is read from the provider and stored only if newer; payments are
 * keyed by invoice; credits are reset once per billing period by the ledger's grant key.
 * Domain events are published before the event is marked processed, so none is lost.
 */
public final class BillingEventProcessor {
    /** Invoices that open a billing period; proration and manual invoices do not grant credits. */
    private static final Set<String> PERIOD_REASONS = Set.of("subscription_create", "subscription_cycle");

    private final ProcessedEvents processed;
    private final CustomerStore customers;
    private final SubscriptionStore subscriptions;
    private final PaymentStore payments;
    private final PlanStore plans;
    private final CreditLedger ledger;
    private final PaymentProvider provider;
    private final DomainEventPublisher publisher;
    private final Clock clock;

    public BillingEventProcessor(ProcessedEvents processed, CustomerStore customers, SubscriptionStore subscriptions,
                                 PaymentStore payments, PlanStore plans, CreditLedger ledger, PaymentProvider provider,
                                 DomainEventPublisher publisher, Clock clock) {
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

    public Outcome process(BillingEvent event, String eventType) {
        if (event instanceof BillingEvent.Ignored) {
            return Outcome.IGNORED;
        }
        if (processed.isProcessed(event.eventId())) {
            return Outcome.DUPLICATE;
        }
        List<DomainEvent> published = new ArrayList<>();
        if (event instanceof BillingEvent.CheckoutCompleted checkout) {
            onCheckoutCompleted(checkout, published);
        } else if (event instanceof BillingEvent.SubscriptionSignal signal) {
            SubscriptionSnapshot snapshot = provider.subscription(signal.subscriptionId());
            applySubscription(userOf(snapshot), snapshot, published);
        } else if (event instanceof BillingEvent.InvoiceSettled settled) {
            onInvoiceSettled(settled, published);
        } else if (event instanceof BillingEvent.ChargeRefunded refund) {
            onChargeRefunded(refund, published);
        }
        if (!published.isEmpty()) {
            publisher.publish(published);
        }
        processed.markProcessed(event.eventId(), eventType, now());
        return Outcome.PROCESSED;
    }

    private void onCheckoutCompleted(BillingEvent.CheckoutCompleted checkout, List<DomainEvent> published) {
        if (checkout.userId() == null) {
            throw new IllegalStateException("Checkout of event " + checkout.eventId() + " has no client_reference_id");
        }
        if (checkout.customerId() != null) {
            customers.save(checkout.userId(), checkout.customerId());
        }
        if (checkout.subscriptionId() == null) {
            return;
        }
        SubscriptionSnapshot snapshot = provider.subscription(checkout.subscriptionId());
        PlanPrice price = applySubscription(checkout.userId(), snapshot, published);
        if (checkout.paid() && !snapshot.terminal()) {
            grantPeriod(checkout.userId(), price, snapshot.subscriptionId(), snapshot.currentPeriodStart(),
                    snapshot.currentPeriodEnd(), published);
        }
    }

    private void onInvoiceSettled(BillingEvent.InvoiceSettled settled, List<DomainEvent> published) {
        BillingEvent.Invoice invoice = settled.invoice();
        String userId = invoice.userId() != null ? invoice.userId() : customers.userOf(invoice.customerId())
                .orElseThrow(() -> new IllegalStateException("Invoice " + invoice.invoiceId() + " of customer "
                        + invoice.customerId() + " cannot be attributed yet; it will be retried"));
        Map<String, Object> detail = new HashMap<>();
        detail.put("invoiceId", invoice.invoiceId());
        detail.put("amount", invoice.amount().amount());
        detail.put("currency", invoice.amount().currency());
        detail.put("hostedInvoiceUrl", invoice.hostedInvoiceUrl());
        if (settled.paid()) {
            String paymentIntent = provider.paymentIntentOfInvoice(invoice.invoiceId()).orElse(null);
            payments.record(userId, payment(invoice, Payment.SUCCEEDED), paymentIntent);
            published.add(new DomainEvent(DomainEvent.PAYMENT_SUCCEEDED, "payment-succeeded:" + invoice.invoiceId(),
                    userId, now(), detail));
            if (invoice.subscriptionId() != null && PERIOD_REASONS.contains(invoice.billingReason())) {
                PlanPrice price = planOf(invoice.priceId());
                grantPeriod(userId, price, invoice.subscriptionId(), invoice.periodStart(), invoice.periodEnd(),
                        published);
            }
        } else {
            payments.record(userId, payment(invoice, Payment.FAILED), null);
            if (invoice.subscriptionId() != null) {
                applySubscription(userId, provider.subscription(invoice.subscriptionId()), published);
            }
            detail.put("attemptCount", invoice.attemptCount());
            detail.put("nextPaymentAttempt", invoice.nextPaymentAttempt());
            published.add(new DomainEvent(DomainEvent.PAYMENT_FAILED,
                    "payment-failed:" + invoice.invoiceId() + ":" + invoice.attemptCount(), userId, now(), detail));
        }
    }

    private void onChargeRefunded(BillingEvent.ChargeRefunded refund, List<DomainEvent> published) {
        String userId = payments.applyRefund(refund.paymentIntentId(), refund.amountRefunded())
                .orElseThrow(() -> new IllegalStateException("No payment is recorded for payment intent "
                        + refund.paymentIntentId() + " yet; the refund will be retried"));
        published.add(new DomainEvent(DomainEvent.PAYMENT_REFUNDED,
                "payment-refunded:" + refund.paymentIntentId() + ":" + refund.amountRefunded(), userId, now(),
                Map.of("paymentIntentId", refund.paymentIntentId(), "amountRefunded", refund.amountRefunded(),
                        "amount", refund.amount().amount(), "currency", refund.amount().currency())));
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
        if (snapshot.terminal()) {
            ledger.assignPlan(userId, CreditLedger.DEFAULT_PLAN_ID);
        }
        Map<String, Object> detail = new HashMap<>();
        detail.put("subscriptionId", snapshot.subscriptionId());
        detail.put("status", snapshot.status());
        detail.put("planId", price.plan().id());
        detail.put("billingCycle", price.cycle().wireName());
        detail.put("currentPeriodEnd", snapshot.currentPeriodEnd());
        detail.put("cancelAtPeriodEnd", snapshot.cancelAtPeriodEnd());
        published.add(new DomainEvent(DomainEvent.SUBSCRIPTION_CHANGED, "subscription-changed:"
                + snapshot.subscriptionId() + ":" + snapshot.status() + ":" + price.plan().id() + ":"
                + snapshot.currentPeriodStart().getEpochSecond() + ":" + snapshot.cancelAtPeriodEnd(),
                userId, now(), detail));
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
            published.add(new DomainEvent(DomainEvent.CREDITS_GRANTED, "credits-granted:" + grantKey, userId, now(),
                    Map.of("planId", price.plan().id(), "credits", allowance, "periodStart", start,
                            "periodEnd", creditPeriodEnd, "subscriptionId", subscriptionId)));
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
        return new PlanPrices(plans.all()).byPriceId(priceId).orElseThrow(() -> new IllegalStateException(
                "Price " + priceId + " belongs to no plan of the catalog; seed the plans with this price id"));
    }

    private static Payment payment(BillingEvent.Invoice invoice, String status) {
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
