package dev.aibilling.processor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.aibilling.aws.AwsClients;
import dev.aibilling.billing.BillingEventProcessor;
import dev.aibilling.config.Config;
import dev.aibilling.credits.CreditLedger;
import dev.aibilling.events.EventBridgePublisher;
import dev.aibilling.secrets.Secrets;
import dev.aibilling.store.dynamodb.DynamoDbStores;
import dev.aibilling.stripe.StripeEventTranslator;
import dev.aibilling.stripe.StripePaymentProvider;
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
    private final BillingEventProcessor processor;

    public StripeWebhookProcessorHandler() {
        this(new StripeEventTranslator(), fromConfig(Config.fromEnvironment()));
    }

    public StripeWebhookProcessorHandler(StripeEventTranslator translator, BillingEventProcessor processor) {
        this.translator = translator;
        this.processor = processor;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                StripeEventTranslator.Translated translated = translator.translate(message.getBody());
                BillingEventProcessor.Outcome outcome = processor.process(translated.event(), translated.type());
                context.getLogger().log("stripe event id=" + translated.event().eventId() + " type="
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

    private static BillingEventProcessor fromConfig(Config config) {
        DynamoDbStores stores = DynamoDbStores.fromConfig(config);
        Clock clock = Clock.systemUTC();
        return new BillingEventProcessor(stores.processedEvents(), stores.customers(), stores.subscriptions(),
                stores.payments(), stores.plans(), new CreditLedger(stores.credits(), clock),
                StripePaymentProvider.fromConfig(config, Secrets.fromConfig(config)),
                new EventBridgePublisher(AwsClients.eventBridge(config), config.required("EVENT_BUS_NAME")), clock);
    }
}
