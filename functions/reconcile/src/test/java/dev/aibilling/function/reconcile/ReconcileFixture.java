package dev.aibilling.function.reconcile;

import dev.aibilling.adapter.webhook.StripeEnvelope;
import dev.aibilling.domain.billing.BillingSignalProcessor;
import dev.aibilling.domain.credits.Account;
import dev.aibilling.domain.credits.LedgerEntryType;
import dev.aibilling.emulator.LedgerAudit;
import dev.aibilling.emulator.SqsEventSource;
import dev.aibilling.emulator.stripe.StripeObjects;
import dev.aibilling.testing.Subscriber;
import dev.aibilling.testing.TestBilling;
import dev.aibilling.testing.TestClock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** The emulators, the Stripe stub and a test clock, with the few things the reconcile tests do over and over. */
final class ReconcileFixture implements AutoCloseable {
    final TestBilling billing = TestBilling.start();
    final TestClock clock;
    final LedgerAudit audit;

    ReconcileFixture(Instant start) {
        this.clock = new TestClock(start);
        this.audit = new LedgerAudit(billing.table());
        billing.stripe().eventLog(List.of(), 100);
    }

    /** A customer of ours whose subscription of {@code priceId} started at {@code start} and runs one cycle. */
    Subscriber subscribed(String priceId, Instant start, Instant end) {
        Subscriber s = new Subscriber(billing);
        Map<String, Object> subscription = StripeObjects.subscription(s.subscription, s.customer, s.user, "active",
                priceId, start, end, false);
        billing.stripe().subscription(subscription);
        invoicePaid(s, subscription, s.firstInvoice, "subscription_create", start, end, priceId);
        return s;
    }

    /** Stripe reports the subscription renewed for [start, end) and its invoice paid, delivered as a webhook. */
    void renewed(Subscriber s, String invoiceId, String priceId, Instant start, Instant end) {
        Map<String, Object> subscription = StripeObjects.subscription(s.subscription, s.customer, s.user, "active",
                priceId, start, end, false);
        billing.stripe().subscription(subscription);
        invoicePaid(s, subscription, invoiceId, "subscription_cycle", start, end, priceId);
    }

    private void invoicePaid(Subscriber s, Map<String, Object> subscription, String invoiceId, String reason,
                             Instant start, Instant end, String priceId) {
        Map<String, Object> invoice = StripeObjects.invoice(new StripeObjects.InvoiceSpec(invoiceId, s.customer,
                s.subscription, s.user, reason, "paid", 1900, priceId, start, end, 1,
                invoiceId.replaceFirst("^in_", "pi_")));
        billing.stripe().invoice(StripeObjects.withSubscription(invoice, subscription));
        deliver(StripeObjects.event(Subscriber.nextId(), "invoice.payment_succeeded", invoice));
    }

    BillingSignalProcessor.Outcome deliver(String event) {
        return billing.processing(clock).processor().process(StripeEnvelope.parse(event).notice());
    }

    Account account(String user) {
        return billing.stores().credits().findAccount(user).orElseThrow();
    }

    long grants(String user) {
        return audit.entryTypes(user).stream().filter(t -> t.equals(LedgerEntryType.PERIOD_GRANT.name())).count();
    }

    /** The detail types published on the bus since the last call. */
    List<String> published() {
        return SqsEventSource.bodies(billing.table().emulator().sqs(), billing.bus().observerQueueUrl()).stream()
                .map(body -> com.google.gson.JsonParser.parseString(body).getAsJsonObject().get("detail-type")
                        .getAsString()).toList();
    }

    static Instant plusMonths(Instant instant, int months) {
        return instant.atZone(ZoneOffset.UTC).plusMonths(months).toInstant();
    }

    @Override
    public void close() {
        billing.close();
    }
}
