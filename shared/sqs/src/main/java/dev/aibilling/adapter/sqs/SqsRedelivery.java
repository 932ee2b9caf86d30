package dev.aibilling.adapter.sqs;

import dev.aibilling.adapter.runtime.AwsClients;
import dev.aibilling.adapter.runtime.Config;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Holds a received message of the webhook queue back for longer than the queue's
 * visibility timeout, for a failure that more attempts soon would only repeat.
 */
public final class SqsRedelivery {
    /** SQS's own ceiling for a message's visibility timeout. */
    static final Duration MAX_DELAY = Duration.ofHours(12);

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsRedelivery(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public static SqsRedelivery fromConfig(Config config) {
        return new SqsRedelivery(AwsClients.build(SqsClient.builder(), config), config.required(SqsSignalQueue.QUEUE_URL));
    }

    /**
     * Makes the message visible again after {@code delay}. False if SQS refused (the message
     * then reappears after the queue's own timeout, which is still a retry).
     */
    public boolean delay(String receiptHandle, Duration delay) {
        long seconds = Math.min(delay.toSeconds(), MAX_DELAY.toSeconds());
        try {
            sqs.changeMessageVisibility(c -> c.queueUrl(queueUrl).receiptHandle(receiptHandle)
                    .visibilityTimeout((int) seconds));
            return true;
        } catch (SdkException e) {
            return false;
        }
    }
}
