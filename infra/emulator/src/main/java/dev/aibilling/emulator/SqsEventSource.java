package dev.aibilling.emulator;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does, against a real queue: receive a batch,
 * invoke the handler, delete the messages it did not report as failures. Failed ones stay
 * and reappear after the visibility timeout; the queue's redrive policy parks them in
 * the DLQ after maxReceiveCount receives.
 */
public final class SqsEventSource {
    private static final int BATCH_SIZE = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final Function<SQSEvent, SQSBatchResponse> handler;

    public SqsEventSource(SqsClient sqs, String queueUrl, Function<SQSEvent, SQSBatchResponse> handler) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = "arn:aws:sqs:" + AwsEmulator.REGION + ":000000000000:" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
        this.handler = handler;
    }

    /**
     * One receive and invoke. {@code visibilityTimeoutSeconds} overrides the queue's for
     * this receive (0 lets a failed message be received again at once, for tests).
     * Returns how many messages were received.
     */
    public int pollOnce(int waitSeconds, Integer visibilityTimeoutSeconds) {
        List<Message> messages = sqs.receiveMessage(r -> {
            r.queueUrl(queueUrl).maxNumberOfMessages(BATCH_SIZE).waitTimeSeconds(waitSeconds)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All");
            if (visibilityTimeoutSeconds != null) {
                r.visibilityTimeout(visibilityTimeoutSeconds);
            }
        }).messages();
        if (messages.isEmpty()) {
            return 0;
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(this::record).toList());
        SQSBatchResponse response = handler.apply(event);
        Set<String> failed = response == null || response.getBatchItemFailures() == null ? Set.of()
                : response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return messages.size();
    }

    /** Polls without waiting until a receive comes back empty; returns the messages received in all. */
    public int drain() {
        int total = 0;
        for (int received; (received = pollOnce(0, null)) > 0; ) {
            total += received;
        }
        return total;
    }

    private SQSEvent.SQSMessage record(Message message) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setMd5OfBody(message.md5OfBody());
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(queueArn);
        record.setAwsRegion(AwsEmulator.REGION);
        Map<String, String> attributes = new HashMap<>();
        message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
        record.setAttributes(attributes);
        Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
        message.messageAttributes().forEach((name, value) -> {
            SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
            attribute.setDataType(value.dataType());
            attribute.setStringValue(value.stringValue());
            messageAttributes.put(name, attribute);
        });
        record.setMessageAttributes(messageAttributes);
        return record;
    }

    public static List<String> bodies(SqsClient sqs, String queueUrl) {
        List<String> bodies = new ArrayList<>();
        for (List<Message> batch; !(batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10))
                .messages()).isEmpty(); ) {
            for (Message message : batch) {
                bodies.add(message.body());
                sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return bodies;
    }
}
