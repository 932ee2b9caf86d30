package dev.aibilling.emulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Faults the real services produce and the emulators do not, injected at random into a
 * production client's requests before they are sent (so nothing reaches the emulator):
 * DynamoDB transaction conflicts and throttling, the processed-marker write failing (a
 * crash after an event's effects), SQS refusing a message, SES throttling. Seeded, so a
 * simulation run replays its faults; each kind can be switched off.
 */
public final class FaultInjector implements ExecutionInterceptor {
    /** What goes wrong. */
    public enum Fault {
        TRANSACTION_CONFLICT,
        DYNAMODB_THROTTLE,
        /** The PutItem of a processed-event marker (EVENT#…): the effects are written, the marker is not. */
        CRASH_BEFORE_MARKER,
        SQS_SEND_FAILS,
        SES_THROTTLE
    }

    private final Random random;
    private final double probability;
    private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
    private volatile boolean enabled = true;
    private volatile boolean paused;

    public FaultInjector(Random random, double probability) {
        this.random = random;
        this.probability = probability;
        for (Fault fault : Fault.values()) {
            injected.put(fault, new AtomicInteger());
        }
    }

    public void stop() {
        enabled = false;
    }

    /** Holds injection off (true) or lets it go on (false), unless stopped. */
    public void pause(boolean pause) {
        paused = pause;
    }

    public Map<Fault, Integer> injected() {
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        injected.forEach((fault, count) -> counts.put(fault, count.get()));
        return counts;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!enabled || paused) {
            return;
        }
        SdkRequest request = context.request();
        if (request instanceof TransactWriteItemsRequest transaction && roll()) {
            count(Fault.TRANSACTION_CONFLICT);
            throw TransactionConflictInjector.conflict(transaction);
        }
        if (request instanceof PutItemRequest put && put.item().get("PK") != null
                && put.item().get("PK").s().startsWith("EVENT#") && roll()) {
            count(Fault.CRASH_BEFORE_MARKER);
            throw new IllegalStateException("injected: the function died before marking the event processed");
        }
        if (request instanceof DynamoDbRequest && roll()) {
            count(Fault.DYNAMODB_THROTTLE);
            throw ProvisionedThroughputExceededException.builder().statusCode(400)
                    .message("Rate of requests exceeds the allowed throughput (injected)").build();
        }
        if (request instanceof SendMessageRequest && roll()) {
            count(Fault.SQS_SEND_FAILS);
            throw SqsException.builder().statusCode(500).message("InternalError (injected)").build();
        }
        if (request instanceof SendEmailRequest && roll()) {
            count(Fault.SES_THROTTLE);
            throw TooManyRequestsException.builder().statusCode(429).message("Maximum sending rate exceeded (injected)")
                    .build();
        }
    }

    private boolean roll() {
        synchronized (random) {
            return random.nextDouble() < probability;
        }
    }

    private void count(Fault fault) {
        injected.get(fault).incrementAndGet();
    }
}
