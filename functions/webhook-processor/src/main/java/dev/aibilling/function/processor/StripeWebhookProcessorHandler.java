package dev.aibilling.function.processor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.eventbridge.EventBridgePublisher;
import dev.aibilling.adapter.processing.SignalProcessing;
import dev.aibilling.adapter.runtime.Clocks;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.runtime.EmbeddedMetrics;
import dev.aibilling.adapter.secrets.Secrets;
import dev.aibilling.adapter.sqs.SqsRedelivery;
import dev.aibilling.adapter.stripe.StripeClients;
import dev.aibilling.adapter.webhook.StripeEnvelope;
import dev.aibilling.domain.billing.BillingSignalProcessor;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Consumes the webhook queue: Stripe events from the webhook intake and, when configured,
 * from Stripe's EventBridge event destination. Each message is processed on its own; a
 * failure is reported as that message's batch item failure, so SQS retries it (and, after
 * maxReceiveCount, parks it in the DLQ) while the rest of the batch is deleted. An event
 * that is not ours is acknowledged, logged once and counted, never retried. A message
 * Stripe rate-limited is not poison: it is held back for minutes, doubling with each
 * receive, so that the five receives the queue allows outlast the limit.
 */
public final class StripeWebhookProcessorHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    static final String FUNCTION = "webhook-processor";
    /** The first hold-back of a rate-limited message; each further receive doubles it. */
    static final Duration RATE_LIMITED_BACKOFF = Duration.ofMinutes(5);
    static final Duration MAX_BACKOFF = Duration.ofHours(2);

    private final BillingSignalProcessor processor;
    private final SqsRedelivery redelivery;
    private final boolean livemode;
    private final Clock clock;

    public StripeWebhookProcessorHandler() {
        this(Config.fromEnvironment());
    }

    private StripeWebhookProcessorHandler(Config config) {
        this(config, Clocks.fromConfig(config));
    }

    private StripeWebhookProcessorHandler(Config config, Clock clock) {
        this(fromConfig(config, clock), SqsRedelivery.fromConfig(config),
                Boolean.parseBoolean(config.optional("STRIPE_LIVEMODE").orElse("false")), clock);
    }

    public StripeWebhookProcessorHandler(BillingSignalProcessor processor, SqsRedelivery redelivery, boolean livemode,
                                         Clock clock) {
        this.processor = processor;
        this.redelivery = redelivery;
        this.livemode = livemode;
        this.clock = clock;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                StripeEnvelope envelope = StripeEnvelope.parse(message.getBody());
                BillingSignalProcessor.Outcome outcome = process(envelope);
                context.getLogger().log("stripe event id=" + envelope.notice().id() + " type="
                        + envelope.notice().type() + " via=" + envelope.channel() + " outcome=" + outcome);
                if (outcome == BillingSignalProcessor.Outcome.FOREIGN) {
                    context.getLogger().log(EmbeddedMetrics.line(clock, FUNCTION, Map.of("ForeignStripeEvents", 1L),
                            Map.of("eventId", envelope.notice().id(), "eventType", envelope.notice().type())));
                }
            } catch (RuntimeException e) {
                failures.add(e instanceof BillingException b && b.code() == ErrorCode.PAYMENT_PROVIDER_RATE_LIMITED
                        ? heldBack(message, context) : failed(message, e, context));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private SQSBatchResponse.BatchItemFailure heldBack(SQSEvent.SQSMessage message, Context context) {
        Duration delay = backoff(message);
        boolean held = redelivery.delay(message.getReceiptHandle(), delay);
        context.getLogger().log("WARN stripe rate-limited us: messageId=" + message.getMessageId() + " receiveCount="
                + receiveCount(message) + (held ? " retry in " + delay.toSeconds() + " s"
                : " retry after the queue's visibility timeout"));
        return new SQSBatchResponse.BatchItemFailure(message.getMessageId());
    }

    private static SQSBatchResponse.BatchItemFailure failed(SQSEvent.SQSMessage message, RuntimeException e,
                                                            Context context) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        context.getLogger().log("ERROR stripe event failed messageId=" + message.getMessageId()
                + " receiveCount=" + receiveCount(message) + ": " + trace);
        return new SQSBatchResponse.BatchItemFailure(message.getMessageId());
    }

    /** 5, 10, 20, 40 minutes... up to two hours, plus up to a fifth more so that held messages do not return together. */
    static Duration backoff(SQSEvent.SQSMessage message) {
        int receives = 1;
        try {
            receives = Math.max(1, Integer.parseInt(receiveCount(message)));
        } catch (NumberFormatException e) {
            // no attribute: treat as the first receive
        }
        long seconds = Math.min(MAX_BACKOFF.toSeconds(), RATE_LIMITED_BACKOFF.toSeconds() << Math.min(receives - 1, 10));
        return Duration.ofSeconds(seconds + ThreadLocalRandom.current().nextLong(seconds / 5 + 1));
    }

    /**
     * The webhook intake already refused the other mode and Connect accounts; events from
     * the EventBridge destination (trusted through IAM, unsigned) are checked here.
     */
    private BillingSignalProcessor.Outcome process(StripeEnvelope envelope) {
        if (envelope.livemode() != livemode) {
            return processor.foreign(envelope.notice(), (envelope.livemode() ? "live" : "test")
                    + "-mode event at a " + (livemode ? "live" : "test") + "-mode deployment");
        }
        if (envelope.account() != null) {
            return processor.foreign(envelope.notice(), "event of Connect account " + envelope.account());
        }
        return processor.process(envelope.notice());
    }

    private static String receiveCount(SQSEvent.SQSMessage message) {
        return message.getAttributes() == null ? "?" : message.getAttributes().get("ApproximateReceiveCount");
    }

    private static BillingSignalProcessor fromConfig(Config config, Clock clock) {
        return SignalProcessing.of(DynamoDbStores.fromConfig(config),
                StripeClients.fromConfig(config, Secrets.fromConfig(config)), EventBridgePublisher.fromConfig(config),
                clock).processor();
    }
}
