package dev.aibilling.queue;

import dev.aibilling.error.BillingException;
import dev.aibilling.error.ErrorCode;
import dev.aibilling.webhook.EventQueue;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** The webhook queue on SQS: one SendMessage per event, the raw event as the body. */
public final class SqsEventQueue implements EventQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsEventQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(String eventId, String eventType, String payload) {
        try {
            sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(payload).messageAttributes(Map.of(
                    "eventId", text(eventId), "eventType", text(eventType))));
        } catch (SdkException e) {
            throw new BillingException(ErrorCode.ENQUEUE_FAILED,
                    "The event could not be queued; Stripe will deliver it again");
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
