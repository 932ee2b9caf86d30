package dev.aibilling.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.SqsEventSource;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Lambda's SQS event source for the local runtime: polls the queue, invokes the consumer
 * with batches, deletes what it did not report failed. Short polls on a timer rather than
 * long polls, because moto serves one request at a time and a long poll would stall the
 * API. One consumer at a time, so {@link #drain()} returns only when nothing is in flight.
 */
final class QueueWorker implements AutoCloseable {
    static final long POLL_INTERVAL_MILLIS = 250;

    private final SqsEventSource source;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String deadLetterQueueUrl;
    private final ReentrantLock consuming = new ReentrantLock();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "queue-worker");
        thread.setDaemon(true);
        return thread;
    });

    QueueWorker(SqsClient sqs, String queueUrl, String deadLetterQueueUrl, LambdaInvoker consumer) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.source = new SqsEventSource(sqs, queueUrl, event -> (SQSBatchResponse) consumer.invoke((SQSEvent) event));
    }

    void start() {
        timer.scheduleWithFixedDelay(this::pollQuietly, POLL_INTERVAL_MILLIS, POLL_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Processes everything visible now; returns how many messages were received. */
    int drain() {
        consuming.lock();
        try {
            return source.drain();
        } finally {
            consuming.unlock();
        }
    }

    /**
     * Messages waiting (visible), failed and waiting out their visibility timeout before a
     * retry (in flight), and parked in the dead-letter queue.
     */
    Map<String, Integer> status() {
        Map<String, String> queue = sqs.getQueueAttributes(a -> a.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributesAsStrings();
        String dead = sqs.getQueueAttributes(a -> a.queueUrl(deadLetterQueueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributesAsStrings()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES.toString());
        return Map.of("visible", Integer.parseInt(queue.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES.toString())),
                "inFlight", Integer.parseInt(queue.get(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE.toString())),
                "deadLetters", Integer.parseInt(dead));
    }

    private void pollQuietly() {
        if (!consuming.tryLock()) {
            return;
        }
        try {
            source.pollOnce(0, null);
        } catch (RuntimeException e) {
            System.err.println("queue worker: " + e);
        } finally {
            consuming.unlock();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
