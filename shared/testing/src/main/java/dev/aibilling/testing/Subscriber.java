package dev.aibilling.testing;

import static dev.aibilling.emulator.stripe.StripeObjects.charge;
import static dev.aibilling.emulator.stripe.StripeObjects.checkoutSession;
import static dev.aibilling.emulator.stripe.StripeObjects.event;
import static dev.aibilling.emulator.stripe.StripeObjects.invoice;
import static dev.aibilling.emulator.stripe.StripeObjects.subscription;

import dev.aibilling.emulator.stripe.StripeObjects.InvoiceSpec;
import dev.aibilling.emulator.stripe.StripeObjects;
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
    private Map<String, Object> reported;
    private String apiVersion = StripeObjects.API_VERSION;

    /**
     * A user who went through this service's checkout: their Stripe customer was created by
     * it and is known locally (events of other customers are not ours).
     */
    public Subscriber(TestBilling billing) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        this.billing = billing;
        this.user = "user-" + id;
        this.customer = "cus_" + id;
        this.subscription = "sub_" + id;
        this.firstInvoice = "in_" + id + "_1";
        this.firstPaymentIntent = "pi_" + id + "_1";
        billing.stores().customers().save(user, customer);
    }

    /** Events from now on are rendered in this API version's shapes (what an account on it sends). */
    public Subscriber inApiVersion(String version) {
        this.apiVersion = version;
        return this;
    }

    public static Instant period(int n) {
        return PERIOD_1.atZone(ZoneOffset.UTC).plusMonths(n - 1L).toInstant();
    }

    /** What GET /v1/subscriptions/{id} answers from now on (and a checkout's expanded subscription). */
    public void stripeReports(String status, int period, boolean cancelAtPeriodEnd) {
        stripeReports(status, period, cancelAtPeriodEnd, TestBilling.PRO_MONTHLY);
    }

    public void stripeReports(String status, int period, boolean cancelAtPeriodEnd, String priceId) {
        reported = subscriptionObject(status, period, cancelAtPeriodEnd, priceId);
        billing.stripe().subscription(reported);
    }

    /** As above, for a current period of any length (a yearly subscription's year, say). */
    public void stripeReports(String status, Instant periodStart, Instant periodEnd, String priceId) {
        reported = subscription(subscription, customer, user, status, priceId, periodStart, periodEnd, false);
        billing.stripe().subscription(reported);
    }

    public Map<String, Object> subscriptionObject(String status, int period, boolean cancelAtPeriodEnd) {
        return subscriptionObject(status, period, cancelAtPeriodEnd, TestBilling.PRO_MONTHLY);
    }

    public Map<String, Object> subscriptionObject(String status, int period, boolean cancelAtPeriodEnd,
                                                  String priceId) {
        return subscription(subscription, customer, user, status, priceId, period(period), period(period + 1),
                cancelAtPeriodEnd);
    }

    /** Stripe's state once the first invoice is paid. */
    public void stripeReportsAStartedSubscription() {
        stripeReports("active", 1, false);
    }

    /** Stripe reports the started subscription, and its start's events are applied as the processor applies them. */
    public Subscriber start() {
        stripeReportsAStartedSubscription();
        billing.deliver(checkoutCompleted(), subscriptionEvent("customer.subscription.created", "incomplete"),
                subscriptionEvent("customer.subscription.updated", "active"),
                firstInvoicePaid("invoice.payment_succeeded"));
        return this;
    }

    /** The event (naming the session), and the session as Stripe answers it, with the reported subscription expanded. */
    public String checkoutCompleted() {
        billing.stripe().checkoutSession(checkoutSession("cs_" + subscription, user, customer, reported, "paid"));
        return render("checkout.session.completed",
                checkoutSession("cs_" + subscription, user, customer, subscription, "paid"));
    }

    public String subscriptionEvent(String type, String status) {
        return render(type, subscriptionObject(status, 1, false));
    }

    public String invoiceEvent(String type, String invoiceId, String reason, String status, int period, long attempt) {
        return invoiceEvent(type, invoiceId, reason, status, period, attempt, TestBilling.PRO_MONTHLY, 1900);
    }

    /**
     * The event, and the invoice as Stripe answers it from now on (paid by pi_… of the same
     * suffix; its subscription expanded as reported).
     */
    public String invoiceEvent(String type, String invoiceId, String reason, String status, int period, long attempt,
                               String priceId, long amount) {
        Map<String, Object> invoice = invoice(new InvoiceSpec(invoiceId, customer, subscription, user, reason, status,
                amount, priceId, period(period), period(period + 1), attempt, invoiceId.replaceFirst("^in_", "pi_")));
        billing.stripe().invoice(StripeObjects.withSubscription(invoice, reported));
        return render(type, invoice);
    }

    public String firstInvoicePaid(String type) {
        return invoiceEvent(type, firstInvoice, "subscription_create", "paid", 1, 1);
    }

    public String chargeRefunded(long amountRefunded) {
        return chargeRefunded(firstPaymentIntent, 1900, amountRefunded);
    }

    /** The event, and the charge as Stripe answers it from now on. */
    public String chargeRefunded(String paymentIntent, long amount, long amountRefunded) {
        Map<String, Object> charge = charge("ch_" + paymentIntent, customer, paymentIntent, amount, amountRefunded);
        billing.stripe().charge(charge);
        return render("charge.refunded", charge);
    }

    private String render(String type, Map<String, Object> object) {
        return event(nextId(), type, StripeObjects.renderedIn(apiVersion, object), apiVersion);
    }

    public static String nextId() {
        return "evt_test_" + EVENTS.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 6);
    }
}
