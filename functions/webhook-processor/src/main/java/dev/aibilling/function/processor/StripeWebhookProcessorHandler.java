package dev.aibilling.function.processor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.eventbridge.EventBridgePublisher;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.secrets.Secrets;
import dev.aibilling.adapter.stripe.StripeEventTranslator;
import dev.aibilling.adapter.stripe.StripePaymentProvider;
import dev.aibilling.domain.billing.BillingSignalProcessor;
import dev.aibilling.domain.billing.RefundObservations;
import dev.aibilling.domain.billing.SubscriptionObservations;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.plans.CachedPlans;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Consumes the webhook queue. Each message is processed on its own; a failure is reported
 * as that message's batch item failure, so SQS retries it (and, after maxReceiveCount,
 * parks it in the DLQ) while the rest of the batch is deleted.
 */
public final class StripeWebhookProcessorHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final StripeEventTranslator translator;
    private final BillingSignalProcessor processor;

    public StripeWebhookProcessorHandler() {
        this(new StripeEventTranslator(), fromConfig(Config.fromEnvironment()));
    }

    public StripeWebhookProcessorHandler(StripeEventTranslator translator, BillingSignalProcessor processor) {
        this.translator = translator;
        this.processor = processor;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                StripeEventTranslator.Translated translated = translator.translate(message.getBody());
                BillingSignalProcessor.Outcome outcome = processor.process(translated.signal());
                context.getLogger().log("stripe event id=" + translated.signal().signalId() + " type="
                        + translated.type() + " outcome=" + outcome);
            } catch (RuntimeException e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                context.getLogger().log("ERROR stripe event failed messageId=" + message.getMessageId()
                        + " receiveCount=" + receiveCount(message) + ": " + trace);
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private static String receiveCount(SQSEvent.SQSMessage message) {
        return message.getAttributes() == null ? "?" : message.getAttributes().get("ApproximateReceiveCount");
    }

    private static BillingSignalProcessor fromConfig(Config config) {
        DynamoDbStores stores = DynamoDbStores.fromConfig(config);
        Clock clock = Clock.systemUTC();
        CreditLedger ledger = new CreditLedger(stores.credits(), clock);
        CachedPlans plans = new CachedPlans(stores.plans(), clock, CachedPlans.DEFAULT_TTL);
        return new BillingSignalProcessor(stores.processedSignals(), stores.customers(), stores.payments(), ledger,
                new SubscriptionObservations(stores.subscriptions(), plans, ledger),
                new RefundObservations(stores.payments(), ledger),
                StripePaymentProvider.fromConfig(config, Secrets.fromConfig(config)),
                EventBridgePublisher.fromConfig(config), clock);
    }
}
