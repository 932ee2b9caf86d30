package dev.aibilling.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.aibilling.emulator.AwsEmulator;
import dev.aibilling.emulator.DynamoDbStreamSource;
import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.SamTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The template's event routing that moto cannot invoke a local function for: each
 * EventBridgeRule of a function (a rule with the same pattern on the bus, into a queue this
 * polls, invoking the function with the event as EventBridge delivers it) and each
 * function fed by the table's stream.
 */
final class LocalEventRouting implements AutoCloseable {
    private record RuleTarget(String queueUrl, LambdaInvoker function, String name) {
    }

    private final SqsClient sqs;
    private final List<RuleTarget> rules = new ArrayList<>();
    private final List<DynamoDbStreamSource> streams = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "event-routing");
        thread.setDaemon(true);
        return thread;
    });

    LocalEventRouting(AwsEmulator emulator, SamTemplate template, String busName, String tableName,
                      Map<String, LambdaInvoker> functions) {
        this.sqs = emulator.sqs();
        for (SamTemplate.BusRule rule : template.busRules()) {
            rules.add(new RuleTarget(emulator.ruleQueue(busName, rule.name(), rule.eventPatternJson()),
                    functions.get(rule.functionId()), rule.functionId()));
        }
        for (String function : template.streamConsumers(AwsEmulator.TABLE_RESOURCE)) {
            LambdaInvoker invoker = functions.get(function);
            streams.add(emulator.streamOf(tableName, event -> invoker.invoke((DynamodbEvent) event)));
        }
    }

    void start() {
        timer.scheduleWithFixedDelay(this::pollQuietly, QueueWorker.POLL_INTERVAL_MILLIS,
                QueueWorker.POLL_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Delivers everything routed so far: stream changes first (they publish to the bus), then the rules' events. */
    synchronized int drain() {
        int delivered = 0;
        for (int round = 0; round < 10; round++) {
            int now = 0;
            for (DynamoDbStreamSource stream : streams) {
                now += stream.pollOnce();
            }
            for (RuleTarget rule : rules) {
                now += deliver(rule);
            }
            delivered += now;
            if (now == 0) {
                break;
            }
        }
        return delivered;
    }

    private int deliver(RuleTarget rule) {
        int delivered = 0;
        for (List<Message> batch; !(batch = sqs.receiveMessage(r -> r.queueUrl(rule.queueUrl()).maxNumberOfMessages(10)
                .visibilityTimeout(30)).messages()).isEmpty(); ) {
            for (Message message : batch) {
                try {
                    rule.function().invokeJson(message.body());
                    sqs.deleteMessage(d -> d.queueUrl(rule.queueUrl()).receiptHandle(message.receiptHandle()));
                } catch (RuntimeException e) {
                    // as Lambda's async retries: the message comes back after its visibility timeout
                    System.err.println(rule.name() + " failed: " + e);
                }
                delivered++;
            }
        }
        return delivered;
    }

    private void pollQuietly() {
        try {
            drain();
        } catch (RuntimeException e) {
            System.err.println("event routing: " + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
