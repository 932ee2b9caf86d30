package dev.aibilling.function.processor;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.aibilling.adapter.webhook.StripeSignatureVerifier;
import dev.aibilling.domain.billing.UnmatchedNotices;
import dev.aibilling.domain.paging.PageRequest;
import dev.aibilling.domain.payments.PaymentStatus;
import dev.aibilling.domain.subscriptions.SubscriptionStatus;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.emulator.RecordingContext;
import dev.aibilling.emulator.SqsEventSource;
import dev.aibilling.emulator.stripe.StripeObjects;
import dev.aibilling.function.intake.StripeWebhookIntakeHandler;
import dev.aibilling.testing.Subscriber;
import dev.aibilling.testing.TestBilling;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * A Stripe account shared with anything else: events that are not ours (`stripe trigger`
 * fixtures, another product's customers, a forged client_reference_id) are acknowledged,
 * counted, listed and never retried; and events rendered in any API version are read the
 * same, because only their ids are read.
 */
class ForeignAndVersionedEventsTest {
    private TestBilling billing;
    private PipelineHarness pipeline;

    @BeforeEach
    void setUp() {
        billing = TestBilling.start();
        pipeline = new PipelineHarness(billing);
    }

    @AfterEach
    void tearDown() {
        billing.close();
    }

    /** What `stripe trigger` makes: objects of a customer this service never created, no metadata of ours. */
    @Test
    void eventsOfCustomersWeDidNotCreateAreAcknowledgedCountedListedAndNeverReachTheDlq() {
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        Instant end = Instant.parse("2026-12-01T00:00:00Z");
        Map<String, Object> subscription = StripeObjects.subscription("sub_fixture", "cus_fixture", null, "active",
                "price_other_product", start, end, false);
        billing.stripe().subscription(subscription);
        billing.stripe().checkoutSession(StripeObjects.checkoutSession("cs_fixture", null, "cus_fixture", subscription,
                "paid"));
        Map<String, Object> invoice = StripeObjects.invoice(new StripeObjects.InvoiceSpec("in_fixture", "cus_fixture",
                "sub_fixture", null, "subscription_create", "paid", 2000, "price_other_product", start, end, 1,
                "pi_fixture"));
        billing.stripe().invoice(invoice);
        Map<String, Object> charge = StripeObjects.charge("ch_fixture", "cus_fixture", "pi_fixture", 2000, 2000);
        billing.stripe().charge(charge);
        List<String> fixtures = List.of(
                StripeObjects.event("evt_fx_1", "checkout.session.completed",
                        StripeObjects.checkoutSession("cs_fixture", null, "cus_fixture", "sub_fixture", "paid")),
                StripeObjects.event("evt_fx_2", "customer.subscription.created", subscription),
                StripeObjects.event("evt_fx_3", "invoice.payment_succeeded", invoice),
                StripeObjects.event("evt_fx_4", "charge.refunded", charge));
        StripeWebhookIntakeHandler intake = new StripeWebhookIntakeHandler(billing.intake(Clock.systemUTC()));
        fixtures.forEach(fixture -> deliver(intake, fixture));
        int itemsBefore = pipeline.audit.itemCount();
        RecordingContext context = new RecordingContext("processor");
        SqsEventSource queue = new SqsEventSource(billing.table().emulator().sqs(), billing.queues().queueUrl(),
                event -> pipeline.processor.handleRequest(event, context));

        assertEquals(4, queue.drain());
        assertEquals(0, queue.pollOnce(0, 0), "nothing is left to retry");
        assertEquals(List.of(), SqsEventSource.bodies(billing.table().emulator().sqs(),
                billing.queues().deadLetterQueueUrl()));
        assertEquals(4, context.lines().stream().filter(line -> line.contains("\"ForeignStripeEvents\":1")).count());
        Set<String> listed = unmatched().stream().map(UnmatchedNotices.Unmatched::noticeId).collect(Collectors.toSet());
        assertEquals(Set.of("evt_fx_1", "evt_fx_2", "evt_fx_3", "evt_fx_4"), listed);
        assertTrue(unmatched().get(0).reason().contains("cus_fixture"));

        int stripeReads = billing.stripe().server().findAll(getRequestedFor(urlPathMatching("/v1/.*"))).size();
        fixtures.forEach(fixture -> assertEquals(List.of(), pipeline.process(fixture)));
        assertEquals(stripeReads, billing.stripe().server().findAll(getRequestedFor(urlPathMatching("/v1/.*"))).size(),
                "a redelivered foreign event is skipped before any Stripe read");
        assertEquals(itemsBefore + 2 * fixtures.size(), pipeline.audit.itemCount(),
                "an unmatched record and a processed marker each, and no account, subscription or payment");
    }

    /** A Payment Link lets anyone set client_reference_id: it must agree with what our checkout wrote. */
    @Test
    void aCheckoutNamingAnotherUserThanItsCustomersOwnerBindsNothing() {
        Subscriber victim = new Subscriber(billing);
        Subscriber attacker = new Subscriber(billing);
        attacker.stripeReportsAStartedSubscription();
        billing.stripe().checkoutSession(StripeObjects.checkoutSession("cs_forged", victim.user, attacker.customer,
                attacker.subscriptionObject("active", 1, false), "paid"));

        assertEquals(List.of(), pipeline.process(StripeObjects.event("evt_forged", "checkout.session.completed",
                StripeObjects.checkoutSession("cs_forged", victim.user, attacker.customer, attacker.subscription,
                        "paid"))));

        assertTrue(billing.stores().subscriptions().find(victim.user).isEmpty());
        assertTrue(billing.stores().subscriptions().find(attacker.user).isEmpty());
        assertEquals(null, pipeline.audit.balance(victim.user));
        assertTrue(unmatched().get(0).reason().contains("belongs to " + attacker.user), unmatched().toString());
    }

    /** The same lifecycle rendered as accounts on four API versions send it: the same end state. */
    @Test
    void theSameLifecycleInEveryApiVersionsShapesEndsTheSame() {
        for (String version : StripeObjects.RENDERED_VERSIONS) {
            Subscriber s = new Subscriber(billing).inApiVersion(version);
            s.stripeReportsAStartedSubscription();
            pipeline.processAll(List.of(s.checkoutCompleted(), s.subscriptionEvent("customer.subscription.created",
                    "active"), s.firstInvoicePaid("invoice.paid")));
            pipeline.consume(s, 250);
            s.stripeReports("active", 2, false);
            String renewal = "in_" + s.subscription + "_2";
            pipeline.processAll(List.of(s.invoiceEvent("invoice.payment_succeeded", renewal, "subscription_cycle",
                    "paid", 2, 1), s.chargeRefunded(400)));
            s.stripeReports("canceled", 2, false);
            pipeline.processAll(List.of(s.subscriptionEvent("customer.subscription.deleted", "canceled")));

            assertEquals(SubscriptionStatus.CANCELED, pipeline.subscription(s).status(), version);
            assertEquals("free", pipeline.plan(s), version);
            assertEquals(1_000L, pipeline.audit.balance(s.user), version);
            assertEquals(List.of("SIGNUP_GRANT", "PERIOD_EXPIRY", "PERIOD_GRANT", "CONSUMPTION", "PERIOD_EXPIRY",
                    "PERIOD_GRANT"), pipeline.audit.entryTypes(s.user), version);
            assertEquals(Map.of(s.firstInvoice, PaymentStatus.PARTIALLY_REFUNDED, renewal, PaymentStatus.SUCCEEDED),
                    pipeline.payments(s).stream().collect(Collectors.toMap(p -> p.paymentId(), p -> p.status())),
                    version);
            assertEquals(StripeObjects.receiptUrl(s.firstPaymentIntent), pipeline.payments(s).stream()
                    .filter(p -> p.paymentId().equals(s.firstInvoice)).findFirst().orElseThrow().receiptUrl());
        }
    }

    /** Stripe's EventBridge destination: the event wrapped in EventBridge's envelope, through the same queue. */
    @Test
    void eventsFromTheEventBridgeDestinationAreProcessedLikeWebhooksAndTheOtherModeIsDropped() {
        Subscriber s = new Subscriber(billing);
        s.stripeReportsAStartedSubscription();
        String checkout = s.checkoutCompleted();
        String liveCheckout = checkout.replace("\"livemode\":false", "\"livemode\":true")
                .replace("\"id\":\"evt_", "\"id\":\"evt_live_");
        billing.table().emulator().eventBridge().putEvents(r -> r.entries(
                partnerEvent(checkout, "checkout.session.completed"),
                partnerEvent(liveCheckout, "checkout.session.completed")));
        SqsEventSource queue = new SqsEventSource(billing.table().emulator().sqs(), billing.queues().queueUrl(),
                event -> pipeline.processor.handleRequest(event, new LocalContext("processor")));

        assertEquals(2, queue.drain());

        assertEquals(SubscriptionStatus.ACTIVE, pipeline.subscription(s).status());
        assertEquals(1_000L, pipeline.audit.balance(s.user));
        assertEquals(List.of("live-mode event at a test-mode deployment"), unmatched().stream()
                .map(UnmatchedNotices.Unmatched::reason).toList());
    }

    private PutEventsRequestEntry partnerEvent(String stripeEvent, String type) {
        return PutEventsRequestEntry.builder()
                .eventBusName(billing.stripeBus()).source(TestBilling.STRIPE_PARTNER_SOURCE).detailType(type)
                .detail(stripeEvent).build();
    }

    private List<UnmatchedNotices.Unmatched> unmatched() {
        return billing.stores().unmatchedNotices().list(new PageRequest(100, null)).items();
    }

    private static void deliver(StripeWebhookIntakeHandler intake, String payload) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setHeaders(Map.of("stripe-signature", StripeSignatureVerifier.sign(TestBilling.WEBHOOK_SECRET,
                Instant.now().getEpochSecond(), payload.getBytes(StandardCharsets.UTF_8))));
        event.setBody(payload);
        assertEquals(200, intake.handleRequest(event, new LocalContext("intake")).getStatusCode());
    }
}
