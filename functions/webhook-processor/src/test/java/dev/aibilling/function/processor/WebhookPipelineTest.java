package dev.aibilling.function.processor;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.aibilling.adapter.webhook.StripeSignatureVerifier;
import dev.aibilling.domain.credits.ConsumeRequest;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.paging.PageRequest;
import dev.aibilling.domain.payments.Payment;
import dev.aibilling.domain.payments.PaymentStatus;
import dev.aibilling.domain.subscriptions.Subscription;
import dev.aibilling.domain.subscriptions.SubscriptionStatus;
import dev.aibilling.emulator.LedgerAudit;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.emulator.SqsEventSource;
import dev.aibilling.emulator.stripe.StripeObjects;
import dev.aibilling.function.checkout.CreateCheckoutHandler;
import dev.aibilling.function.intake.StripeWebhookIntakeHandler;
import dev.aibilling.testing.ApiEvents;
import dev.aibilling.testing.Subscriber;
import dev.aibilling.testing.TestBilling;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The Stripe pipeline end to end on the emulators: signed webhooks through the intake,
 * the real queue, the processor as Lambda's event source drives it; Stripe's API on
 * WireMock; domain events observed on the bus.
 */
class WebhookPipelineTest {
    private TestBilling billing;
    private StripeWebhookIntakeHandler intake;
    private StripeWebhookProcessorHandler processor;
    private SqsEventSource queue;
    private LedgerAudit audit;

    @BeforeEach
    void setUp() {
        billing = TestBilling.start();
        intake = new StripeWebhookIntakeHandler(billing.intake(Clock.systemUTC()));
        processor = new StripeWebhookProcessorHandler(billing.processor(), billing.redelivery(), false, Clock.systemUTC());
        queue = new SqsEventSource(billing.table().emulator().sqs(), billing.queues().queueUrl(),
                event -> processor.handleRequest(event, new LocalContext("processor")));
        audit = new LedgerAudit(billing.table());
    }

    @AfterEach
    void tearDown() {
        billing.close();
    }

    @Test
    void aSubscriptionStartsThroughCheckoutIntakeQueueAndProcessor() {
        Subscriber s = new Subscriber(billing);
        billing.stripe().customerCreated(s.customer);
        billing.stripe().checkoutSessionCreated("cs_" + s.subscription);
        APIGatewayV2HTTPEvent checkout = ApiEvents.jwt("POST /api/create-checkout", s.user, Map.of());
        checkout.setBody("{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}");
        APIGatewayV2HTTPResponse started = new CreateCheckoutHandler(billing.checkout())
                .handleRequest(checkout, new LocalContext("checkout"));
        assertEquals(200, started.getStatusCode(), started.getBody());
        billing.stripe().server().verify(1, postRequestedFor(urlEqualTo("/v1/checkout/sessions")));

        s.stripeReportsAStartedSubscription();
        for (String event : startSequence(s)) {
            deliver(event);
        }
        assertEquals(5, queue.drain());

        assertStarted(s);
        List<JsonObject> published = publishedEvents();
        Map<String, Set<String>> idsByType = published.stream().collect(Collectors.groupingBy(
                e -> e.get("detail-type").getAsString(), TreeMap::new,
                Collectors.mapping(e -> e.getAsJsonObject("detail").get("id").getAsString(), Collectors.toSet())));
        assertEquals(Set.of("CreditsGranted", "PaymentSucceeded", "SubscriptionChanged"), idsByType.keySet());
        idsByType.values().forEach(ids -> assertEquals(1, ids.size(), "duplicates share one id: " + ids));
        JsonObject granted = published.stream().filter(e -> e.get("detail-type").getAsString().equals("CreditsGranted"))
                .findFirst().orElseThrow().getAsJsonObject("detail");
        assertEquals(s.user, granted.get("userId").getAsString());
        assertEquals(1000, granted.get("credits").getAsLong());
        JsonObject paid = published.stream().filter(e -> e.get("detail-type").getAsString().equals("PaymentSucceeded"))
                .findFirst().orElseThrow().getAsJsonObject("detail");
        assertEquals("pro", paid.get("planId").getAsString(), "what the receipt names");
        assertEquals(Subscriber.PERIOD_1.toString(), paid.get("periodStart").getAsString());
        assertTrue(paid.get("receiptUrl").getAsString().startsWith("https://pay.stripe.com/receipts/"), paid.toString());
        assertEquals(s.user + "@example.com", billing.stores().notificationSettings().find(s.user).stripeEmail(),
                "the address Checkout collected is where the emails go");
        assertEquals("aibilling.billing", published.get(0).get("source").getAsString());
        assertEquals(0, SqsEventSource.bodies(billing.table().emulator().sqs(), billing.queues().deadLetterQueueUrl()).size());
    }

    @Test
    void everyEventDeliveredThreeTimesLeavesTheSameStateAndLedger() {
        Subscriber s = new Subscriber(billing);
        s.stripeReportsAStartedSubscription();
        for (String event : startSequence(s)) {
            deliver(event);
            deliver(event);
            deliver(event);
        }
        assertEquals(15, queue.drain());

        assertStarted(s);
        // one Stripe read per distinct event; redeliveries are skipped before any call
        billing.stripe().server().verify(1, getRequestedFor(urlPathEqualTo("/v1/checkout/sessions/cs_"
                + s.subscription)));
        billing.stripe().server().verify(2, getRequestedFor(urlEqualTo("/v1/subscriptions/" + s.subscription)));
        billing.stripe().server().verify(2, getRequestedFor(urlPathEqualTo("/v1/invoices/" + s.firstInvoice)));
    }

    @Test
    @Tag("exhaustive")
    void everyOrderOfTheStartSequenceConvergesWithOneGrant() {
        List<List<Integer>> orders = permutations(List.of(0, 1, 2, 3));
        assertEquals(24, orders.size());
        for (List<Integer> order : orders) {
            Subscriber s = new Subscriber(billing);
            s.stripeReportsAStartedSubscription();
            List<String> events = List.of(s.checkoutCompleted(),
                    s.subscriptionEvent("customer.subscription.created", "incomplete"),
                    s.subscriptionEvent("customer.subscription.updated", "active"),
                    s.firstInvoicePaid("invoice.payment_succeeded"));
            for (int index : order) {
                assertEquals(List.of(), process(events.get(index)), "order " + order);
            }
            assertStarted(s);
        }
    }

    @Test
    void anInvoiceWithoutOurMetadataIsAttributedThroughTheStoredCustomer() {
        Subscriber s = start();
        consume(s, 300);
        // an invoice made in the dashboard: no userId anywhere, only the customer
        Map<String, Object> subscription = StripeObjects.subscription(s.subscription, s.customer, null, "active",
                TestBilling.PRO_MONTHLY, Subscriber.period(2), Subscriber.period(3), false);
        billing.stripe().subscription(subscription);
        String invoiceId = "in_" + s.subscription + "_2";
        Map<String, Object> invoice = StripeObjects.invoice(new StripeObjects.InvoiceSpec(invoiceId, s.customer,
                s.subscription, null, "subscription_cycle", "paid", 1900, TestBilling.PRO_MONTHLY, Subscriber.period(2),
                Subscriber.period(3), 1, "pi_" + s.subscription + "_2"));
        billing.stripe().invoice(StripeObjects.withSubscription(invoice, subscription));

        assertEquals(List.of(), process(StripeObjects.event(Subscriber.nextId(), "invoice.payment_succeeded", invoice)));

        assertEquals(1000L, audit.balance(s.user), "the renewal's grant reached the customer's user");
        assertEquals(2, payments(s).size());
        assertEquals(Subscriber.period(2), subscription(s).currentPeriodStart());
    }

    @Test
    void aCancellationMovesTheAccountToFreeAndAnActiveUpdateKeepsThePlan() {
        Subscriber s = start();

        assertEquals(List.of(), process(s.subscriptionEvent("customer.subscription.updated", "active")));
        assertEquals("pro", billing.stores().credits().findAccount(s.user).orElseThrow().planId());

        s.stripeReports("canceled", 1, false);
        assertEquals(List.of(), process(s.subscriptionEvent("customer.subscription.deleted", "canceled")));
        assertEquals("free", billing.stores().credits().findAccount(s.user).orElseThrow().planId());
        assertEquals(1000L, audit.balance(s.user), "the paid period's credits stay until it ends");
    }

    @Test
    void aRenewalResetsTheBalanceOnceAndAReplayChangesNothing() {
        Subscriber s = start();
        consume(s, 300);
        s.stripeReports("active", 2, false);
        String renewal = s.invoiceEvent("invoice.payment_succeeded", "in_" + s.subscription + "_2",
                "subscription_cycle", "paid", 2, 1);

        assertEquals(List.of(), process(renewal));
        assertEquals(1000L, audit.balance(s.user));
        assertEquals(List.of("SIGNUP_GRANT", "PERIOD_EXPIRY", "PERIOD_GRANT", "CONSUMPTION", "PERIOD_EXPIRY",
                "PERIOD_GRANT"), audit.entryTypes(s.user));

        consume(s, 50);
        assertEquals(List.of(), process(renewal));
        assertEquals(List.of(), process(s.invoiceEvent("invoice.paid", "in_" + s.subscription + "_2",
                "subscription_cycle", "paid", 2, 1)));
        assertEquals(950L, audit.balance(s.user));
        assertEquals(2, payments(s).size());
        audit.assertBalanced(s.user);
    }

    @Test
    void aFailedRenewalMarksPastDueAndPublishesThenRecoveryMakesItActive() {
        Subscriber s = start();
        publishedEvents();
        String renewalInvoice = "in_" + s.subscription + "_2";
        s.stripeReports("past_due", 2, false);

        assertEquals(List.of(), process(s.invoiceEvent("invoice.payment_failed", renewalInvoice,
                "subscription_cycle", "open", 2, 1)));

        assertEquals("past_due", subscription(s).status().wireName());
        assertEquals(PaymentStatus.FAILED, payments(s).get(0).status());
        JsonObject failed = publishedEvents().stream()
                .filter(e -> e.get("detail-type").getAsString().equals("PaymentFailed")).findFirst().orElseThrow();
        assertEquals(renewalInvoice, failed.getAsJsonObject("detail").get("invoiceId").getAsString());
        assertEquals(s.user, failed.getAsJsonObject("detail").get("userId").getAsString());
        assertEquals(1000L, audit.balance(s.user), "a failed renewal grants nothing");

        s.stripeReports("active", 2, false);
        assertEquals(List.of(), process(s.invoiceEvent("invoice.payment_succeeded", renewalInvoice,
                "subscription_cycle", "paid", 2, 2)));
        assertEquals(List.of(), process(s.subscriptionEvent("customer.subscription.updated", "active")));

        assertEquals("active", subscription(s).status().wireName());
        List<Payment> payments = payments(s);
        assertEquals(2, payments.size());
        assertEquals(PaymentStatus.SUCCEEDED, payments.get(0).status());
        assertEquals(renewalInvoice, payments.get(0).paymentId());
        assertEquals(Subscriber.period(2), subscription(s).currentPeriodStart());
        assertEquals(List.of("SIGNUP_GRANT", "PERIOD_EXPIRY", "PERIOD_GRANT", "PERIOD_EXPIRY", "PERIOD_GRANT"),
                audit.entryTypes(s.user), "the recovered renewal opens period 2 once");
    }

    @Test
    void aStaleUpdateAfterCancellationNeverResurrectsTheSubscription() {
        Subscriber s = start();
        s.stripeReports("canceled", 1, false);
        assertEquals(List.of(), process(s.subscriptionEvent("customer.subscription.deleted", "canceled")));
        assertEquals("canceled", subscription(s).status().wireName());

        // A lagging read or a replayed old update says "active" again: canceled is final.
        s.stripeReports("active", 1, false);
        assertEquals(List.of(), process(s.subscriptionEvent("customer.subscription.updated", "active")));

        assertEquals("canceled", subscription(s).status().wireName());
        assertEquals("free", billing.stores().credits().findAccount(s.user).orElseThrow().planId());
    }

    @Test
    void refundsInAnyOrderConvergeOnTheLargestRefundedAmount() {
        Subscriber s = start();

        assertEquals(List.of(), process(s.chargeRefunded(500)));
        assertEquals(PaymentStatus.PARTIALLY_REFUNDED, payments(s).get(0).status());
        assertEquals(500, payments(s).get(0).amountRefunded());

        assertEquals(List.of(), process(s.chargeRefunded(1900)));
        assertEquals(List.of(), process(s.chargeRefunded(500)));

        assertEquals(PaymentStatus.REFUNDED, payments(s).get(0).status());
        assertEquals(1900, payments(s).get(0).amountRefunded());
    }

    @Test
    void aRefundOfAnUnknownPaymentIsRetriedNotDropped() {
        Subscriber s = new Subscriber(billing);
        String refund = s.chargeRefunded(500);

        assertEquals(1, process(refund).size());
    }

    @Test
    void onlyTheFailingMessageOfABatchIsReportedAsFailed() {
        Subscriber s = new Subscriber(billing);
        s.stripeReportsAStartedSubscription();
        String earlyRefund = new Subscriber(billing).chargeRefunded(500);
        Map<String, Object> strangersInvoice = StripeObjects.invoice(new StripeObjects.InvoiceSpec("in_stranger",
                "cus_stranger", null, null, "manual", "paid", 500, TestBilling.PRO_MONTHLY, Subscriber.PERIOD_1,
                Subscriber.period(2), 1, "pi_stranger"));
        billing.stripe().invoice(strangersInvoice);

        SQSEvent batch = batch(s.checkoutCompleted(), earlyRefund,
                event("evt_foreign", "invoice.payment_succeeded", strangersInvoice),
                event("evt_other", "customer.created", Map.of("id", "cus_x", "object", "customer")));
        SQSBatchResponse response = processor.handleRequest(batch, new LocalContext("processor"));

        assertEquals(List.of(batch.getRecords().get(1).getMessageId()), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList(),
                "only the refund of a payment not yet recorded is retried; the stranger's invoice is acknowledged");
        assertEquals("active", subscription(s).status().wireName());
    }

    @Test
    void unknownEventTypesAreAcknowledgedAndIgnored() {
        assertEquals(List.of(), process(event("evt_unknown", "customer.tax_id.created",
                Map.of("id", "txi_1", "object", "tax_id"))));
        assertEquals(0, billing.stripe().server().getAllServeEvents().size());
    }

    @Test
    void aMessageThatKeepsFailingEndsInTheDeadLetterQueue() {
        Subscriber s = new Subscriber(billing);
        String refund = s.chargeRefunded(500);
        deliver(refund);

        int receives = 0;
        while (queue.pollOnce(0, 0) > 0) {
            receives++;
            assertTrue(receives <= billing.queues().maxReceiveCount(), "moved to the DLQ after maxReceiveCount");
        }

        assertEquals(billing.queues().maxReceiveCount(), receives);
        assertEquals(List.of(refund), SqsEventSource.bodies(billing.table().emulator().sqs(),
                billing.queues().deadLetterQueueUrl()));
    }

    @Test
    void aRateLimitedEventIsHeldBackForMinutesInsteadOfRetriedIntoTheDeadLetterQueue() {
        Subscriber s = new Subscriber(billing);
        String checkout = s.checkoutCompleted();
        // stubbed after the session: the later stub wins
        billing.stripe().server().stubFor(WireMock.get(urlPathMatching("/v1/checkout/sessions/.+"))
                .willReturn(WireMock.aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Too many requests\"}}")));
        deliver(checkout);

        // received with a zero visibility timeout: only the processor's hold-back hides it now
        assertEquals(1, queue.pollOnce(0, 0));
        assertEquals(0, queue.pollOnce(0, 0), "held back, not received again at once");
        assertEquals("1", billing.table().emulator().sqs().getQueueAttributes(a -> a.queueUrl(billing.queues().queueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE), "still queued");
        assertEquals(List.of(), SqsEventSource.bodies(billing.table().emulator().sqs(),
                billing.queues().deadLetterQueueUrl()));
        assertTrue(billing.stores().subscriptions().find(s.user).isEmpty(), "nothing applied yet");
    }

    private Subscriber start() {
        Subscriber s = new Subscriber(billing);
        s.stripeReportsAStartedSubscription();
        for (String event : startSequence(s)) {
            assertEquals(List.of(), process(event));
        }
        assertStarted(s);
        return s;
    }

    private static List<String> startSequence(Subscriber s) {
        return List.of(s.checkoutCompleted(), s.subscriptionEvent("customer.subscription.created", "incomplete"),
                s.subscriptionEvent("customer.subscription.updated", "active"),
                s.firstInvoicePaid("invoice.payment_succeeded"), s.firstInvoicePaid("invoice.paid"));
    }

    private void assertStarted(Subscriber s) {
        Subscription subscription = subscription(s);
        assertEquals(SubscriptionStatus.ACTIVE, subscription.status());
        assertEquals("pro", subscription.planId());
        assertEquals(Subscriber.PERIOD_1, subscription.currentPeriodStart());
        assertEquals(1000L, audit.balance(s.user));
        assertEquals(List.of("SIGNUP_GRANT", "PERIOD_EXPIRY", "PERIOD_GRANT"), audit.entryTypes(s.user));
        audit.assertBalanced(s.user);
        List<Payment> payments = payments(s);
        assertEquals(1, payments.size());
        assertEquals(s.firstInvoice, payments.get(0).paymentId());
        assertEquals(1900, payments.get(0).amount().amount());
        assertEquals("usd", payments.get(0).amount().currency());
        assertEquals(PaymentStatus.SUCCEEDED, payments.get(0).status());
        assertTrue(payments.get(0).invoiceUrl().startsWith("https://invoice.stripe.com/"));
    }

    private void consume(Subscriber s, long amount) {
        new CreditLedger(billing.stores().credits(), Clock.systemUTC()).consume(
                new ConsumeRequest(s.user, amount, UUID.randomUUID().toString(), "AI Chat", Map.of(), "test-backend"));
    }

    private Subscription subscription(Subscriber s) {
        return billing.stores().subscriptions().find(s.user).orElseThrow();
    }

    private List<Payment> payments(Subscriber s) {
        return billing.stores().payments().list(s.user, new PageRequest(100, null)).items();
    }

    private void deliver(String payload) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setHeaders(Map.of("stripe-signature", StripeSignatureVerifier.sign(TestBilling.WEBHOOK_SECRET,
                Instant.now().getEpochSecond(), payload.getBytes(StandardCharsets.UTF_8))));
        event.setBody(payload);
        APIGatewayV2HTTPResponse response = intake.handleRequest(event, new LocalContext("intake"));
        assertEquals(200, response.getStatusCode(), response.getBody());
    }

    /** Processes one event as a batch of one; returns the failed message ids. */
    private List<String> process(String payload) {
        return processor.handleRequest(batch(payload), new LocalContext("processor")).getBatchItemFailures()
                .stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private static SQSEvent batch(String... payloads) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String payload : payloads) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(UUID.randomUUID().toString());
            message.setBody(payload);
            message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            records.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static String event(String id, String type, Map<String, Object> object) {
        return StripeObjects.event(id, type, object);
    }

    private List<JsonObject> publishedEvents() {
        return SqsEventSource.bodies(billing.table().emulator().sqs(), billing.bus().observerQueueUrl()).stream()
                .map(body -> JsonParser.parseString(body).getAsJsonObject()).toList();
    }

    private static List<List<Integer>> permutations(List<Integer> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<Integer>> result = new ArrayList<>();
        for (Integer first : items) {
            List<Integer> rest = new ArrayList<>(items);
            rest.remove(first);
            for (List<Integer> tail : permutations(rest)) {
                List<Integer> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                result.add(order);
            }
        }
        return result;
    }
}
