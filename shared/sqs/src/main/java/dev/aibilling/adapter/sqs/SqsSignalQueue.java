package dev.aibilling.adapter.sqs;

import dev.aibilling.adapter.runtime.AwsClients;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.domain.billing.SignalQueue;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The webhook queue on SQS: one SendMessage per event, the raw event as the body. */
public final class SqsSignalQueue implements SignalQueue {
    public static final String QUEUE_URL = "QUEUE_URL";

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsSignalQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public static SqsSignalQueue fromConfig(Config config) {
        return new SqsSignalQueue(AwsClients.build(SqsClient.builder(), config), config.required(QUEUE_URL));
    }

    @Override
    public void send(String signalId, String payload) {
        try {
            sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(payload));
        } catch (SdkException e) {
            throw new BillingException(ErrorCode.ENQUEUE_FAILED,
                    "The event could not be queued; Stripe will deliver it again");
        }
    }
}
