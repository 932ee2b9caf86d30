package dev.aibilling.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.ToNumberPolicy;
import com.stripe.StripeClient;
import com.sun.net.httpserver.HttpServer;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.email.SesEmailSender;
import dev.aibilling.adapter.eventbridge.EventBridgePublisher;
import dev.aibilling.adapter.http.IamCallers;
import dev.aibilling.adapter.processing.SignalProcessing;
import dev.aibilling.adapter.runtime.AwsClients;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.runtime.PriceIdSettings;
import dev.aibilling.adapter.secrets.Secrets;
import dev.aibilling.adapter.sqs.SqsRedelivery;
import dev.aibilling.adapter.sqs.SqsSignalQueue;
import dev.aibilling.adapter.stripe.StripeClients;
import dev.aibilling.adapter.stripe.StripePaymentProvider;
import dev.aibilling.adapter.webhook.StripeSignatureVerifier;
import dev.aibilling.adapter.webhook.StripeWebhookIntake;
import dev.aibilling.domain.admin.AdminOperations;
import dev.aibilling.domain.billing.CheckoutService;
import dev.aibilling.domain.billing.RefundObservations;
import dev.aibilling.domain.billing.SubscriptionManagement;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.notifications.Branding;
import dev.aibilling.domain.notifications.CreditsLowDetector;
import dev.aibilling.domain.notifications.NotificationPreferences;
import dev.aibilling.domain.notifications.Notifier;
import dev.aibilling.domain.notifications.UnsubscribeLinks;
import dev.aibilling.domain.plans.CachedPlans;
import dev.aibilling.domain.plans.Plan;
import dev.aibilling.domain.plans.PlanCatalog;
import dev.aibilling.domain.queries.BillingQueries;
import dev.aibilling.domain.reconcile.Reconciler;
import dev.aibilling.emulator.AwsEmulator;
import dev.aibilling.emulator.DynamoDbStreamSource;
import dev.aibilling.emulator.FaultInjector;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.emulator.SqsEventSource;
import dev.aibilling.emulator.TestTable;
import dev.aibilling.function.admin.AdminHandler;
import dev.aibilling.function.alerts.CreditAlertsHandler;
import dev.aibilling.function.checkout.CreateCheckoutHandler;
import dev.aibilling.function.consume.ConsumeCreditsHandler;
import dev.aibilling.function.intake.StripeWebhookIntakeHandler;
import dev.aibilling.function.notify.ClasspathEmailTemplates;
import dev.aibilling.function.notify.NotifyHandler;
import dev.aibilling.function.processor.StripeWebhookProcessorHandler;
import dev.aibilling.function.queries.QueriesHandler;
import dev.aibilling.function.subscriptions.SubscriptionsHandler;
import dev.aibilling.testing.TestClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Everything a simulation runs against, wired as the functions wire themselves but with the
 * seeded faults and the simulation's clock: moto (a fresh table, queues and bus), the
 * offline Stripe stand-in behind a small HTTP server (its API, with seeded 429s and 500s),
 * and Stripe's webhook deliveries held in an inbox so the driver decides when, how often
 * and in which order each is delivered (re-signed at each delivery, as Stripe does).
 */
final class SimulatedWorld implements AutoCloseable {
    static final String WEBHOOK_SECRET = "whsec_simulation";
    static final String BACKEND = "arn:aws:iam::000000000000:user/simulation";
    private static final Gson LAMBDA = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .create();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final TestClock clock;
    final Random random;
    final FaultInjector faults;
    final TestTable table;
    final DynamoDbStores stores;
    /** The same stores without faults: the driver's and the checks' view of the table. */
    final DynamoDbStores truth;
    final OfflineStripe stripe;
    final String stripeBase;
    final AwsEmulator emulator;
    final AwsEmulator.EventBus bus;
    final AwsEmulator.WebhookQueues queues;
    private final HttpServer server;
    private final List<String> inbox = new ArrayList<>();
    private volatile boolean stripeFaults = true;
    private final double stripeFaultProbability;
    private final AtomicInteger stripeFaultsInjected = new AtomicInteger();
    private boolean lastRouteFaulted;
    /** Stripe's injected errors draw from their own sequence, apart from the driver's choices. */
    private final Random stripeRandom;
    private final String notifyQueue;
    private final DynamoDbStreamSource stream;

    final StripeWebhookIntakeHandler intake;
    final StripeWebhookProcessorHandler processor;
    final SqsEventSource queue;
    final CreateCheckoutHandler checkout;
    final ConsumeCreditsHandler consume;
    final SubscriptionsHandler subscriptions;
    final QueriesHandler queries;
    final AdminHandler admin;
    final Reconciler reconciler;
    final NotifyHandler notify;

    SimulatedWorld(long seed, Instant start, double faultProbability) {
        clock = new TestClock(start);
        random = new Random(seed);
        faults = new FaultInjector(new Random(seed * 31 + 7), faultProbability);
        stripeFaultProbability = faultProbability;
        stripeRandom = new Random(seed * 131 + 3);
        table = TestTable.onMoto();
        emulator = table.emulator();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        queues = emulator.createWebhookQueues("sim-" + suffix);
        bus = emulator.createEventBus("sim-" + suffix);
        emulator.verifyEmailIdentity("billing@example.com");
        Config config = config();
        stores = new DynamoDbStores(table.client(faults), table.name());
        List<Plan> catalog = PlanCatalog.plans(PriceIdSettings.from(Config.of(LocalSettings.OFFLINE_PRICE_IDS)));
        truth = new DynamoDbStores(table.client(), table.name());
        truth.plans().seed(catalog);

        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        stripeBase = base + OfflineStripe.API_PREFIX;
        stripe = new OfflineStripe(base, WEBHOOK_SECRET, LocalBilling.priceAmounts(catalog),
                LocalBilling.yearlyPrices(catalog), clock);
        server.createContext(OfflineStripe.API_PREFIX, exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getRawPath();
                byte[] body = exchange.getRequestBody().readAllBytes();
                boolean read = exchange.getRequestMethod().equals("GET") && path.contains("/v1/");
                int status = read && stripeFaults ? stripeFault() : 0;
                if (status != 0) {
                    LocalGateway.send(exchange, status, Map.of("content-type", "application/json"),
                            "{\"error\":{\"type\":\"" + (status == 429 ? "rate_limit_error" : "api_error")
                                    + "\",\"message\":\"injected\"}}");
                    return;
                }
                stripe.handle(exchange, path, body);
            }
        });
        server.createContext(LocalGateway.WEBHOOK_PATH, exchange -> {
            try (exchange) {
                synchronized (inbox) {
                    inbox.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                }
                LocalGateway.send(exchange, 200, Map.of("content-type", "application/json"), "{\"received\":true}");
            }
        });
        // the stand-in posts its webhooks to this same server while answering a request
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "simulated-stripe");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();

        Config stripeConfig = Config.of(Map.of("STRIPE_API_BASE", stripeBase, "STRIPE_SECRET_KEY", "sk_test_sim"));
        Supplier<StripeClient> stripeClient = StripeClients.fromConfig(stripeConfig,
                new Secrets(stripeConfig, name -> null, clock));
        EventBridgePublisher publisher = EventBridgePublisher.fromConfig(config, faults);
        SignalProcessing processing = SignalProcessing.of(stores, stripeClient, publisher, clock, Duration.ZERO);
        SqsClient sqs = AwsClients.build(SqsClient.builder(), config, List.of(faults));

        intake = new StripeWebhookIntakeHandler(new StripeWebhookIntake(
                () -> new StripeSignatureVerifier(List.of(WEBHOOK_SECRET), clock), false,
                new SqsSignalQueue(sqs, queues.queueUrl())));
        // SQS holds a message back in real time, which the simulated clock cannot move past:
        // the redelivery points at a queue the receipt handles do not belong to, so a hold-back
        // is refused and the message returns on the driver's next receive (a retry either way)
        processor = new StripeWebhookProcessorHandler(processing.processor(),
                new SqsRedelivery(emulator.sqs(), queues.deadLetterQueueUrl()), false, clock);
        queue = new SqsEventSource(emulator.sqs(), queues.queueUrl(),
                event -> processor.handleRequest(event, new LocalContext("processor")));
        StripePaymentProvider provider = new StripePaymentProvider(stripeClient, null);
        checkout = new CreateCheckoutHandler(new CheckoutService(stores.plans(), stores.subscriptions(),
                stores.customers(), provider, "https://app.example.com/ok", "https://app.example.com/cancel", clock));
        CreditLedger ledger = processing.ledger();
        consume = new ConsumeCreditsHandler(ledger, new IamCallers(List.of(BACKEND)));
        UnsubscribeLinks links = new UnsubscribeLinks(() -> "simulation-unsubscribe-secret-0123456789", base);
        BillingQueries queries = BillingQueries.of(stores.credits(), stores.plans(), stores.subscriptions(),
                stores.payments(), clock);
        this.queries = new QueriesHandler(queries);
        subscriptions = new SubscriptionsHandler(new SubscriptionManagement(stores.subscriptions(), stores.customers(),
                stores.plans(), processing.observations(), provider, "https://app.example.com/account", clock), queries,
                new NotificationPreferences(stores.notificationSettings(), links));
        admin = new AdminHandler(new AdminOperations(stores.payments(), new RefundObservations(stores.payments(),
                ledger), ledger, stores.auditLog(), provider, clock), queries, stores.auditLog(),
                stores.unmatchedNotices(), "cognito:groups", "admin");
        reconciler = processing.reconciler();
        notify = new NotifyHandler(new Notifier(stores.notificationSettings(), stores.notificationLog(),
                new ClasspathEmailTemplates(), new SesEmailSender(AwsClients.build(SesV2Client.builder(), config,
                List.of(faults)), "billing@example.com", clock),
                new CachedPlans(stores.plans(), clock, Duration.ZERO), links,
                new Branding("Simulated AI", "support@example.com", "https://app.example.com/account"),
                Set.of(), clock));
        notifyQueue = emulator.ruleQueue(bus.name(), "notify", "{\"source\":[\"aibilling.billing\"],"
                + "\"detail-type\":[\"PaymentSucceeded\",\"PaymentFailed\",\"SubscriptionChanged\",\"CreditsLow\"]}");
        CreditAlertsHandler alerts = new CreditAlertsHandler(new CreditsLowDetector(10), publisher, clock);
        stream = emulator.streamOf(table.name(), event -> alerts.handleRequest(event, new LocalContext("alerts")));
    }

    private Config config() {
        Map<String, String> settings = new HashMap<>(emulator.settings(table.name()));
        settings.put("EVENT_BUS_NAME", bus.name());
        settings.put(SesEmailSender.SENDER, "billing@example.com");
        return Config.of(settings);
    }

    boolean roll(double probability) {
        synchronized (random) {
            return random.nextDouble() < probability;
        }
    }

    /** 429 or 500 for an injected Stripe error, 0 for none. */
    private int stripeFault() {
        synchronized (stripeRandom) {
            if (stripeRandom.nextDouble() >= stripeFaultProbability) {
                return 0;
            }
            stripeFaultsInjected.incrementAndGet();
            return stripeRandom.nextBoolean() ? 429 : 500;
        }
    }

    /** The 429s and 500s injected into Stripe's answers so far. */
    int stripeFaultsInjected() {
        return stripeFaultsInjected.get();
    }

    /** Every fault injected so far, into the AWS clients and Stripe's answers. */
    private int faultsInjected() {
        return faults.injected().values().stream().mapToInt(Integer::intValue).sum() + stripeFaultsInjected.get();
    }

    /** Whether a fault was injected during the last route call: only then may it answer 5xx. */
    boolean lastRouteFaulted() {
        return lastRouteFaulted;
    }

    int nextInt(int bound) {
        synchronized (random) {
            return random.nextInt(bound);
        }
    }

    /** Stops every injected fault: what follows is recovery. */
    void stopFaults() {
        faults.stop();
        stripeFaults = false;
    }

    /**
     * Runs {@code work} with no fault injected. Two threads drawing faults would draw them in
     * an order the seed does not decide, and the run would no longer replay exactly.
     */
    <T> T withoutFaults(Supplier<T> work) {
        boolean faulty = stripeFaults;
        faults.pause(true);
        stripeFaults = false;
        try {
            return work.get();
        } finally {
            faults.pause(false);
            stripeFaults = faulty;
        }
    }

    /** The webhook deliveries Stripe has made and the driver has not handed over yet, taken. */
    List<String> takeInbox() {
        synchronized (inbox) {
            List<String> taken = new ArrayList<>(inbox);
            inbox.clear();
            return taken;
        }
    }

    /** Delivers one event to the intake, signed now; answers the intake's status (Stripe retries a non-2xx). */
    int deliver(String payload) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setHeaders(Map.of("stripe-signature", StripeSignatureVerifier.sign(WEBHOOK_SECRET,
                clock.instant().getEpochSecond(), payload.getBytes(StandardCharsets.UTF_8))));
        event.setBody(payload);
        event.setIsBase64Encoded(false);
        return intake.handleRequest(event, new LocalContext("intake")).getStatusCode();
    }

    /** Whatever the table stream and the notify rule hold now, handed to their functions (failures come back). */
    int routeNotifications() {
        int routed = stream.pollOnce();
        SqsClient sqs = emulator.sqs();
        for (List<Message> batch; !(batch = sqs.receiveMessage(r -> r.queueUrl(notifyQueue).maxNumberOfMessages(10)
                .visibilityTimeout(0)).messages()).isEmpty(); ) {
            for (Message message : batch) {
                routed++;
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> event = LAMBDA.fromJson(message.body(), Map.class);
                    notify.handleRequest(event, new LocalContext("notify"));
                    sqs.deleteMessage(d -> d.queueUrl(notifyQueue).receiptHandle(message.receiptHandle()));
                } catch (RuntimeException e) {
                    // as Lambda's async retry: the event comes again (visibility 0: on the next read)
                }
            }
            if (routed > 10_000) {
                throw new IllegalStateException("notifications keep failing after the faults stopped");
            }
        }
        return routed;
    }

    APIGatewayV2HTTPResponse route(Object handler, APIGatewayV2HTTPEvent event) {
        int before = faultsInjected();
        APIGatewayV2HTTPResponse response = invoke(handler, event);
        lastRouteFaulted = faultsInjected() > before;
        return response;
    }

    private static APIGatewayV2HTTPResponse invoke(Object handler, APIGatewayV2HTTPEvent event) {
        LocalContext context = new LocalContext("route");
        if (handler instanceof CreateCheckoutHandler h) {
            return h.handleRequest(event, context);
        }
        if (handler instanceof ConsumeCreditsHandler h) {
            return h.handleRequest(event, context);
        }
        if (handler instanceof SubscriptionsHandler h) {
            return h.handleRequest(event, context);
        }
        if (handler instanceof QueriesHandler h) {
            return h.handleRequest(event, context);
        }
        return ((AdminHandler) handler).handleRequest(event, context);
    }

    /** Plays Stripe's part (infra/stripe-sim.sh's actions); answers the stand-in's JSON. */
    JsonObject simulate(String action, String user, String extra) {
        return JsonParser.parseString(stripeGet("POST", "/simulate/" + action + "?user=" + user
                + (extra == null ? "" : "&" + extra))).getAsJsonObject();
    }

    /** A GET of the stand-in's API, never faulted (the driver's view of Stripe's truth). */
    String stripeGet(String method, String relative) {
        boolean faulty = stripeFaults;
        stripeFaults = false;
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(stripeBase + relative)).timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            stripeFaults = faulty;
        }
    }

    /**
     * One scheduled reconciliation, as the scheduler invokes it: a run a fault breaks fails
     * (the scheduler retries it later) and answers null.
     */
    Reconciler.Result reconcile() {
        try {
            return reconciler.run(Instant.MAX);
        } catch (RuntimeException e) {
            return null;
        }
    }

    SQSBatchResponse process(SQSEvent event) {
        return processor.handleRequest(event, new LocalContext("processor"));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
