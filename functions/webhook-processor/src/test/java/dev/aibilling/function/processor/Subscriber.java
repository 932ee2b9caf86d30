package dev.aibilling.function.processor;

import static dev.aibilling.emulator.stripe.StripeObjects.charge;
import static dev.aibilling.emulator.stripe.StripeObjects.checkoutSession;
import static dev.aibilling.emulator.stripe.StripeObjects.event;
import static dev.aibilling.emulator.stripe.StripeObjects.invoice;
import static dev.aibilling.emulator.stripe.StripeObjects.subscription;

import dev.aibilling.emulator.stripe.StripeObjects.InvoiceSpec;
import dev.aibilling.testing.TestBilling;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One user's Pro monthly subscription as Stripe would report it: the events of its start,
 * renewals, failures, cancellation and refunds, and the Stripe API answers behind them.
 */
final class Subscriber {
    static final Instant PERIOD_1 = Instant.parse("2026-11-01T00:00:00Z");
    private static final AtomicInteger EVENTS = new AtomicInteger();

    final String user;
    final String customer;
    final String subscription;
    final String firstInvoice;
    final String firstPaymentIntent;
    private final TestBilling billing;

    Subscriber(TestBilling billing) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        this.billing = billing;
        this.user = "user-" + id;
        this.customer = "cus_" + id;
        this.subscription = "sub_" + id;
        this.firstInvoice = "in_" + id + "_1";
        this.firstPaymentIntent = "pi_" + id + "_1";
    }

    static Instant period(int n) {
        return PERIOD_1.atZone(ZoneOffset.UTC).plusMonths(n - 1L).toInstant();
    }

    /** What GET /v1/subscriptions/{id} answers from now on. */
    void stripeReports(String status, int period, boolean cancelAtPeriodEnd) {
        billing.stripe().subscription(subscriptionObject(status, period, cancelAtPeriodEnd));
    }

    Map<String, Object> subscriptionObject(String status, int period, boolean cancelAtPeriodEnd) {
        return subscription(subscription, customer, user, status, TestBilling.PRO_MONTHLY, period(period),
                period(period + 1), cancelAtPeriodEnd);
    }

    /** Stripe's state once the first invoice is paid, and the invoice's payment intent. */
    void stripeReportsAStartedSubscription() {
        stripeReports("active", 1, false);
        billing.stripe().invoicePayments(firstInvoice, firstPaymentIntent);
    }

    String checkoutCompleted() {
        return event(nextId(), "checkout.session.completed",
                checkoutSession("cs_" + subscription, user, customer, subscription, "paid"));
    }

    String subscriptionEvent(String type, String status) {
        return event(nextId(), type, subscriptionObject(status, 1, false));
    }

    String invoiceEvent(String type, String invoiceId, String reason, String status, int period, long attempt) {
        return event(nextId(), type, invoice(new InvoiceSpec(invoiceId, customer, subscription, user, reason, status,
                1900, TestBilling.PRO_MONTHLY, period(period), period(period + 1), attempt)));
    }

    String firstInvoicePaid(String type) {
        return invoiceEvent(type, firstInvoice, "subscription_create", "paid", 1, 1);
    }

    String chargeRefunded(long amountRefunded) {
        return event(nextId(), "charge.refunded", charge("ch_" + subscription, firstPaymentIntent, 1900, amountRefunded));
    }

    static String nextId() {
        return "evt_test_" + EVENTS.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 6);
    }
}
