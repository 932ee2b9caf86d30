package dev.aibilling.function.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.aibilling.domain.credits.ConsumeRequest;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.paging.PageRequest;
import dev.aibilling.domain.payments.Payment;
import dev.aibilling.domain.subscriptions.Subscription;
import dev.aibilling.emulator.LedgerAudit;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.testing.Subscriber;
import dev.aibilling.testing.TestBilling;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The processor handler on the emulators, fed events as batches, and what the tests read back. */
final class PipelineHarness {
    final TestBilling billing;
    final StripeWebhookProcessorHandler processor;
    final LedgerAudit audit;

    PipelineHarness(TestBilling billing) {
        this.billing = billing;
        this.processor = new StripeWebhookProcessorHandler(billing.processor(), billing.redelivery(), false, Clock.systemUTC());
        this.audit = new LedgerAudit(billing.table());
    }

    /** Processes one event as a batch of one; returns the failed message ids. */
    List<String> process(String payload) {
        return processor.handleRequest(batch(payload), new LocalContext("processor")).getBatchItemFailures()
                .stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    void processAll(List<String> payloads) {
        for (String payload : payloads) {
            assertEquals(List.of(), process(payload));
        }
    }

    /** A subscriber whose Pro monthly subscription started: checkout, creation, activation and the first invoice. */
    Subscriber started() {
        Subscriber s = new Subscriber(billing);
        s.stripeReportsAStartedSubscription();
        processAll(List.of(s.checkoutCompleted(), s.subscriptionEvent("customer.subscription.created", "incomplete"),
                s.subscriptionEvent("customer.subscription.updated", "active"),
                s.firstInvoicePaid("invoice.payment_succeeded"), s.firstInvoicePaid("invoice.paid")));
        return s;
    }

    void consume(Subscriber s, long amount) {
        new CreditLedger(billing.stores().credits(), Clock.systemUTC()).consume(
                new ConsumeRequest(s.user, amount, UUID.randomUUID().toString(), "AI Chat", Map.of(), "test-backend"));
    }

    Subscription subscription(Subscriber s) {
        return billing.stores().subscriptions().find(s.user).orElseThrow();
    }

    String plan(Subscriber s) {
        return billing.stores().credits().findAccount(s.user).orElseThrow().planId();
    }

    List<Payment> payments(Subscriber s) {
        return billing.stores().payments().list(s.user, new PageRequest(100, null)).items();
    }

    static SQSEvent batch(String... payloads) {
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

    /** Every order of the items (n! of them). */
    static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                result.add(order);
            }
        }
        return result;
    }
}
