package dev.aibilling.testing;

import static dev.aibilling.emulator.stripe.StripeObjects.charge;
import static dev.aibilling.emulator.stripe.StripeObjects.checkoutSession;
import static dev.aibilling.emulator.stripe.StripeObjects.event;
import static dev.aibilling.emulator.stripe.StripeObjects.invoice;
import static dev.aibilling.emulator.stripe.StripeObjects.subscription;

import dev.aibilling.emulator.stripe.StripeObjects.InvoiceSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One user's Pro monthly subscription as Stripe would report it: the events of its start,
 * renewals, failures, cancellation and refunds, and the Stripe API answers behind them.
 */
public final class Subscriber {
    public static final Instant PERIOD_1 = Instant.parse("2026-11-01T00:00:00Z");
    private static final AtomicInteger EVENTS = new AtomicInteger();

    public final String user;
    public final String customer;
    public final String subscription;
    public final String firstInvoice;
    public final String firstPaymentIntent;
    private final TestBilling billing;

    public Subscriber(TestBilling billing) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        this.billing = billing;
        this.user = "user-" + id;
        this.customer = "cus_" + id;
        this.subscription = "sub_" + id;
        this.firstInvoice = "in_" + id + "_1";
        this.firstPaymentIntent = "pi_" + id + "_1";
    }

    public static Instant period(int n) {
        return PERIOD_1.atZone(ZoneOffset.UTC).plusMonths(n - 1L).toInstant();
    }

    /** What GET /v1/subscriptions/{id} answers from now on. */
    public void stripeReports(String status, int period, boolean cancelAtPeriodEnd) {
        stripeReports(status, period, cancelAtPeriodEnd, TestBilling.PRO_MONTHLY);
    }

    public void stripeReports(String status, int period, boolean cancelAtPeriodEnd, String priceId) {
        billing.stripe().subscription(subscriptionObject(status, period, cancelAtPeriodEnd, priceId));
    }

    public Map<String, Object> subscriptionObject(String status, int period, boolean cancelAtPeriodEnd) {
        return subscriptionObject(status, period, cancelAtPeriodEnd, TestBilling.PRO_MONTHLY);
    }

    public Map<String, Object> subscriptionObject(String status, int period, boolean cancelAtPeriodEnd, String priceId) {
        return subscription(subscription, customer, user, status, priceId, period(period), period(period + 1),
                cancelAtPeriodEnd);
    }

    /** Stripe's state once the first invoice is paid, and the invoice's payment intent. */
    public void stripeReportsAStartedSubscription() {
        stripeReports("active", 1, false);
        billing.stripe().invoicePayments(firstInvoice, firstPaymentIntent);
    }

    /** Stripe reports the started subscription, and its start's events are applied as the processor applies them. */
    public Subscriber start() {
        stripeReportsAStartedSubscription();
        billing.deliver(checkoutCompleted(), subscriptionEvent("customer.subscription.created", "incomplete"),
                subscriptionEvent("customer.subscription.updated", "active"),
                firstInvoicePaid("invoice.payment_succeeded"));
        return this;
    }

    public String checkoutCompleted() {
        return event(nextId(), "checkout.session.completed",
                checkoutSession("cs_" + subscription, user, customer, subscription, "paid"));
    }

    public String subscriptionEvent(String type, String status) {
        return event(nextId(), type, subscriptionObject(status, 1, false));
    }

    public String invoiceEvent(String type, String invoiceId, String reason, String status, int period, long attempt) {
        return invoiceEvent(type, invoiceId, reason, status, period, attempt, TestBilling.PRO_MONTHLY, 1900);
    }

    public String invoiceEvent(String type, String invoiceId, String reason, String status, int period, long attempt,
                        String priceId, long amount) {
        return event(nextId(), type, invoice(new InvoiceSpec(invoiceId, customer, subscription, user, reason, status,
                amount, priceId, period(period), period(period + 1), attempt)));
    }

    public String firstInvoicePaid(String type) {
        return invoiceEvent(type, firstInvoice, "subscription_create", "paid", 1, 1);
    }

    public String chargeRefunded(long amountRefunded) {
        return chargeRefunded(firstPaymentIntent, 1900, amountRefunded);
    }

    public String chargeRefunded(String paymentIntent, long amount, long amountRefunded) {
        return event(nextId(), "charge.refunded", charge("ch_" + paymentIntent, paymentIntent, amount, amountRefunded));
    }

    public static String nextId() {
        return "evt_test_" + EVENTS.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 6);
    }
}
