package dev.aibilling.function.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.emulator.RequestCounter;
import dev.aibilling.emulator.stripe.StripeObjects;
import dev.aibilling.testing.Subscriber;
import dev.aibilling.testing.TestBilling;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Counts the requests each processed event type makes (what the closing note reports):
 * at most one Stripe call and one PutEvents per event, and a bounded number of DynamoDB
 * requests. A duplicate delivery makes one DynamoDB read and nothing else.
 */
class RequestsPerEventTest {

    @Test
    void eachEventTypeMakesAtMostOneStripeCallAndOnePublish() {
        try (TestBilling billing = TestBilling.start()) {
            RequestCounter aws = new RequestCounter();
            StripeWebhookProcessorHandler processor = new StripeWebhookProcessorHandler(billing.processor(aws),
                    billing.redelivery(), false, Clock.systemUTC());
            Subscriber s = new Subscriber(billing);
            s.stripeReportsAStartedSubscription();
            String checkout = s.checkoutCompleted();
            Map<String, String> sequence = new LinkedHashMap<>();
            sequence.put("checkout.session.completed", checkout);
            sequence.put("customer.subscription.updated", s.subscriptionEvent("customer.subscription.updated", "active"));
            sequence.put("invoice.payment_succeeded", s.firstInvoicePaid("invoice.payment_succeeded"));
            sequence.put("charge.refunded", s.chargeRefunded(100));
            sequence.put("invoice.payment_failed", s.invoiceEvent("invoice.payment_failed", "in_x", "subscription_cycle",
                    "open", 2, 1));
            Map<String, Object> foreign = StripeObjects.charge("ch_foreign", "cus_not_ours", "pi_foreign", 100, 100);
            billing.stripe().charge(foreign);
            sequence.put("a foreign event (not ours)", StripeObjects.event("evt_foreign", "charge.refunded", foreign));
            sequence.put("duplicate delivery", checkout);

            for (Map.Entry<String, String> step : sequence.entrySet()) {
                aws.reset();
                int stripeBefore = billing.stripe().server().getAllServeEvents().size();
                assertEquals(List.of(), processor.handleRequest(batch(step.getValue()), new LocalContext("p"))
                        .getBatchItemFailures());
                int stripe = billing.stripe().server().getAllServeEvents().size() - stripeBefore;
                Map<String, Integer> counts = aws.snapshot();
                System.out.println("requests for " + step.getKey() + ": stripe=" + stripe + " aws=" + counts);
                assertTrue(stripe <= 1, step.getKey() + " made " + stripe + " Stripe calls");
                assertTrue(counts.getOrDefault("PutEvents", 0) <= 1, step.getKey() + ": " + counts);
                // the heaviest is a checkout: it also records the address Checkout collected
                assertTrue(aws.total() <= 14, step.getKey() + ": " + counts);
            }
            assertEquals(Map.of("GetItem", 1), aws.snapshot(), "a duplicate is one marker read");
        }
    }

    private static SQSEvent batch(String payload) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setBody(payload);
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }
}
