package dev.aibilling.emulator;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.google.gson.Gson;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An AWS emulator endpoint (moto here; LocalStack where Docker exists) and the resources
 * the billing service needs on it, created from template.yaml.
 */
public final class AwsEmulator {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";
    public static final String TABLE_RESOURCE = "BillingTable";
    public static final String QUEUE_RESOURCE = "WebhookQueue";
    public static final String DEAD_LETTER_QUEUE_RESOURCE = "WebhookDeadLetterQueue";

    private static final Gson JSON = new Gson();
    private static AwsEmulator moto;

    private final URI endpoint;
    private final DynamoDbClient admin;
    private final SqsClient sqs;
    private final EventBridgeClient eventBridge;

    public AwsEmulator(URI endpoint) {
        this.endpoint = endpoint;
        this.admin = configure(DynamoDbClient.builder()).build();
        this.sqs = configure(SqsClient.builder()).build();
        this.eventBridge = configure(EventBridgeClient.builder()).build();
    }

    private <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
            & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        builder.endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
        builder.httpClient(UrlConnectionHttpClient.create());
        return builder;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public EventBridgeClient eventBridge() {
        return eventBridge;
    }

    /** The table's stream, read from now on, handed to {@code handler} as Lambda would. */
    public DynamoDbStreamSource streamOf(String tableName, Consumer<DynamodbEvent> handler) {
        String streamArn = admin.describeTable(d -> d.tableName(tableName)).table().latestStreamArn();
        return new DynamoDbStreamSource(configure(DynamoDbStreamsClient.builder()).build(), streamArn, handler);
    }

    /**
     * A queue receiving what a rule with {@code eventPatternJson} matches on the bus: how the
     * local runtime stands in for a rule's Lambda target. Returns the queue's URL.
     */
    public String ruleQueue(String busName, String ruleName, String eventPatternJson) {
        String url = sqs.createQueue(q -> q.queueName(busName + "-" + ruleName)).queueUrl();
        String arn = sqs.getQueueAttributes(a -> a.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        eventBridge.putRule(r -> r.name(busName + "-" + ruleName).eventBusName(busName).eventPattern(eventPatternJson));
        eventBridge.putTargets(t -> t.rule(busName + "-" + ruleName).eventBusName(busName)
                .targets(target -> target.id(ruleName).arn(arn)));
        return url;
    }

    /** Lets SES send from this address, as verifying it in the SES console does. */
    public void verifyEmailIdentity(String address) {
        try (SesV2Client ses = configure(SesV2Client.builder()).build()) {
            ses.createEmailIdentity(c -> c.emailIdentity(address));
        }
    }

    /** The emails SES has accepted, oldest first (moto keeps them; read over its own API). */
    public List<SentEmail> sentEmails() {
        return SentEmail.all(endpoint);
    }

    /** The webhook queue and its dead-letter queue, with the template's visibility timeout and redrive policy. */
    public WebhookQueues createWebhookQueues(String prefix) {
        SamTemplate template = SamTemplate.load();
        String dlqUrl = sqs.createQueue(q -> q.queueName(prefix + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(a -> a.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<String, Object> queue = template.properties(QUEUE_RESOURCE);
        Map<String, Object> redrive = SamTemplate.map(queue.get("RedrivePolicy"));
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(queue.get("VisibilityTimeout")));
        attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                + "\",\"maxReceiveCount\":" + redrive.get("maxReceiveCount") + "}");
        String queueUrl = sqs.createQueue(q -> q.queueName(prefix).attributes(attributes)).queueUrl();
        return new WebhookQueues(queueUrl, dlqUrl, Integer.parseInt(String.valueOf(redrive.get("maxReceiveCount"))));
    }

    public record WebhookQueues(String queueUrl, String deadLetterQueueUrl, int maxReceiveCount) {
    }

    /** An event bus, plus a queue that receives everything published on it (to observe domain events). */
    public EventBus createEventBus(String name) {
        eventBridge.createEventBus(b -> b.name(name));
        String observerUrl = sqs.createQueue(q -> q.queueName(name + "-observer")).queueUrl();
        String observerArn = sqs.getQueueAttributes(a -> a.queueUrl(observerUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        eventBridge.putRule(r -> r.name(name + "-all").eventBusName(name)
                .eventPattern("{\"source\":[{\"prefix\":\"\"}]}"));
        eventBridge.putTargets(t -> t.rule(name + "-all").eventBusName(name)
                .targets(target -> target.id("observer").arn(observerArn)));
        return new EventBus(name, observerUrl);
    }

    public record EventBus(String name, String observerQueueUrl) {
    }

    /**
     * A bus standing in for the Stripe partner event source's, with the template's
     * StripeEventsRule (its own event pattern) sending to {@code queueUrl}.
     */
    public void createStripeEventRoute(String busName, String queueUrl) {
        SamTemplate template = SamTemplate.load();
        eventBridge.createEventBus(b -> b.name(busName));
        String queueArn = sqs.getQueueAttributes(a -> a.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String pattern = JSON.toJson(template.properties("StripeEventsRule").get("EventPattern"));
        eventBridge.putRule(r -> r.name(busName + "-stripe").eventBusName(busName).eventPattern(pattern));
        eventBridge.putTargets(t -> t.rule(busName + "-stripe").eventBusName(busName)
                .targets(target -> target.id("webhook-queue").arn(queueArn)));
    }

    /** One moto per JVM, started on first use and stopped when the JVM exits. */
    public static synchronized AwsEmulator moto() {
        if (moto == null) {
            moto = new AwsEmulator(MotoServer.start(0).endpoint());
        }
        return moto;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The settings a function reads (the names template.yaml gives them), pointing at this emulator. */
    public Map<String, String> settings(String tableName) {
        return Map.of(
                "AWS_REGION", REGION,
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "TABLE_NAME", tableName);
    }

    /** Makes {@link #settings} visible to code that reads configuration from system properties. */
    public void applySettings(String tableName) {
        settings(tableName).forEach(System::setProperty);
    }

    /** Creates a fresh billing table, as template.yaml defines it, under a unique name. */
    public String createBillingTable() {
        String name = "billing-" + UUID.randomUUID().toString().substring(0, 8);
        createBillingTable(name);
        return name;
    }

    public void createBillingTable(String name) {
        SamTemplate template = SamTemplate.load();
        admin.createTable(template.createTableRequest(TABLE_RESOURCE, name));
        admin.waiter().waitUntilTableExists(b -> b.tableName(name));
        String ttl = template.timeToLiveAttribute(TABLE_RESOURCE);
        if (ttl != null) {
            admin.updateTimeToLive(b -> b.tableName(name)
                    .timeToLiveSpecification(t -> t.attributeName(ttl).enabled(true)));
        }
    }
}
