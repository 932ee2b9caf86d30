package dev.aibilling.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.runtime.Clocks;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.runtime.Json;
import dev.aibilling.adapter.runtime.PriceIdSettings;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.limits.Limits;
import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.plans.Plan;
import dev.aibilling.domain.plans.PlanCatalog;
import dev.aibilling.emulator.AwsEmulator;
import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.MotoServer;
import dev.aibilling.emulator.SamTemplate;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The whole service on one machine, wired as template.yaml wires it: moto for DynamoDB,
 * SQS and EventBridge (single-threaded, fresh every run), the table, queues and bus the
 * template declares, the plans seeded, every HTTP API route served by the function the
 * template names, the webhook Function URL at /api/webhooks/stripe, the queue consumed as
 * Lambda's event source would, the schedules run, and Stripe either in test mode or offline.
 */
public final class LocalBilling implements AutoCloseable {
    /** One step of the local clock: enough for any billing period, small enough to catch a typo. */
    static final long MAX_ADVANCE_DAYS = 400;
    static final String LOCAL_SENDER = "billing@example.com";
    private final HttpServer server;
    private final ExecutorService requests;
    private final MotoServer moto;
    private final QueueWorker worker;
    private final LocalEventRouting routing;
    private final LocalSchedules schedules;
    private final String baseUrl;
    private final String serviceCredential;
    private final LocalJwt jwt;
    private final boolean offline;

    private LocalBilling(HttpServer server, ExecutorService requests, MotoServer moto, QueueWorker worker,
                         LocalEventRouting routing, LocalSchedules schedules, String baseUrl, String serviceCredential,
                         LocalJwt jwt, boolean offline) {
        this.server = server;
        this.requests = requests;
        this.moto = moto;
        this.worker = worker;
        this.routing = routing;
        this.schedules = schedules;
        this.baseUrl = baseUrl;
        this.serviceCredential = serviceCredential;
        this.jwt = jwt;
        this.offline = offline;
    }

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        LocalBilling billing;
        try {
            billing = start(LocalSettings.from(Config.fromEnvironment()));
        } catch (IllegalArgumentException | PortInUseException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(billing::close, "shutdown"));
        System.out.println(billing.gettingStarted((System.nanoTime() - started) / 1_000_000));
        new CountDownLatch(1).await();
    }

    /** Thrown when the port is taken, with a message that says what to do. */
    static final class PortInUseException extends RuntimeException {
        PortInUseException(int port) {
            super("port " + port + " is already in use: stop what runs there or choose another with PORT=<port>");
        }
    }

    static LocalBilling start(LocalSettings settings) {
        // Without TCP_NODELAY the JDK server's header and body writes meet the client's
        // delayed ACK: 40 ms on every keep-alive request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server;
        try {
            // bind first, so a taken port fails fast, before anything else starts
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", settings.port()), 64);
        } catch (BindException e) {
            throw new PortInUseException(settings.port());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open port " + settings.port(), e);
        }
        String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        MotoServer moto = MotoServer.start(0);
        AwsEmulator emulator = new AwsEmulator(moto.endpoint());
        SamTemplate template = SamTemplate.load();

        String table = "billing-local";
        emulator.createBillingTable(table);
        AwsEmulator.WebhookQueues queues = emulator.createWebhookQueues("billing-local-webhooks");
        AwsEmulator.EventBus bus = emulator.createEventBus("billing-local");

        Map<String, String> environment = new LinkedHashMap<>(emulator.settings(table));
        environment.put("QUEUE_URL", queues.queueUrl());
        environment.put("EVENT_BUS_NAME", bus.name());
        environment.put("STRIPE_WEBHOOK_SECRETS", settings.webhookSecret());
        environment.put("STRIPE_LIVEMODE", "false");
        environment.put("STRIPE_SECRET_KEY", settings.stripeSecretKey().orElse("sk_test_offline"));
        if (settings.offline()) {
            environment.put("STRIPE_API_BASE", baseUrl + OfflineStripe.API_PREFIX);
        }
        environment.put("CHECKOUT_SUCCESS_URL", baseUrl + "/local/checkout/success");
        environment.put("CHECKOUT_CANCEL_URL", baseUrl + "/local/checkout/cancel");
        environment.put("BILLING_PORTAL_RETURN_URL", baseUrl + "/local/account");
        // the local gateway signs as LocalGateway.SERVICE_ARN; the sample events as a session of ai-backend
        environment.put("CONSUME_CALLER_ARNS", LocalGateway.SERVICE_ARN + ",arn:aws:iam::123456789012:role/ai-backend");
        // every function reads the one clock POST /local/clock/advance moves
        environment.put(Clocks.MOVABLE_CLOCK, "true");
        // notifications: SES (moto keeps what it sends: GET /local/outbox), unsubscribe links to this runtime
        environment.put("NOTIFICATION_SENDER", LOCAL_SENDER);
        environment.put("PRODUCT_NAME", template.parameterDefault("ProductName"));
        environment.put("SUPPORT_EMAIL", "support@example.com");
        environment.put("BILLING_PAGE_URL", baseUrl + "/local/account");
        environment.put("API_URL", baseUrl);
        environment.put("UNSUBSCRIBE_SECRET", HexFormat.of().formatHex(new SecureRandom().generateSeed(24)));
        environment.put("LOW_CREDIT_THRESHOLD_PERCENT", template.parameterDefault("LowCreditThresholdPercent"));
        emulator.verifyEmailIdentity(LOCAL_SENDER);
        environment.put("ADMIN_GROUP_CLAIM", template.parameterDefault("AdminGroupClaim"));
        environment.put("ADMIN_GROUP", template.parameterDefault("AdminGroup"));
        environment.putAll(settings.priceIds());
        // Lambda gives each function its environment; in one JVM they share these properties.
        environment.forEach(System::setProperty);

        List<Plan> catalog = PlanCatalog.plans(PriceIdSettings.from(Config.of(environment)));
        DynamoDbStores.fromConfig(Config.of(environment)).plans().seed(catalog);

        Map<String, LambdaInvoker> functions = new HashMap<>();
        for (String function : template.logicalIdsOfType("AWS::Serverless::Function")) {
            functions.put(function, LambdaInvoker.forFunction(template, function));
        }
        String consumer = template.queueConsumers().keySet().iterator().next();
        QueueWorker worker = new QueueWorker(emulator.sqs(), queues.queueUrl(), queues.deadLetterQueueUrl(),
                functions.get(consumer));
        LocalSchedules schedules = new LocalSchedules(template, functions);
        LocalEventRouting routing = new LocalEventRouting(emulator, template, bus.name(), table, functions);
        LocalJwt jwt = new LocalJwt(environment.get("ADMIN_GROUP_CLAIM"), environment.get("ADMIN_GROUP"));
        String serviceCredential = "local-service-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

        OfflineStripe stripe = settings.offline() ? new OfflineStripe(baseUrl, settings.webhookSecret(),
                priceAmounts(catalog), yearlyPrices(catalog), Clocks.movable()) : null;
        LocalGateway.DevEndpoints dev = (exchange, path, body) ->
                devEndpoint(exchange, path, body, jwt, worker, routing, schedules, functions, stripe, emulator);
        server.createContext("/", new LocalGateway(template.httpRoutes(), functions,
                template.functionsWithUrl().get(0), jwt, serviceCredential, dev));
        ExecutorService requests = Executors.newFixedThreadPool(16);
        server.setExecutor(requests);
        server.start();
        worker.start();
        routing.start();
        schedules.start();
        return new LocalBilling(server, requests, moto, worker, routing, schedules, baseUrl, serviceCredential, jwt,
                settings.offline());
    }

    private static void devEndpoint(HttpExchange exchange, String path, byte[] body, LocalJwt jwt, QueueWorker worker,
                                    LocalEventRouting routing, LocalSchedules schedules,
                                    Map<String, LambdaInvoker> functions, OfflineStripe stripe, AwsEmulator emulator)
            throws IOException {
        Map<String, String> json = Map.of("content-type", "application/json");
        Map<String, String> query = FormEncoding.parse(exchange.getRequestURI().getRawQuery());
        if (path.equals("/local/token")) {
            try {
                String user = Limits.userId(query.get("sub"));
                LocalGateway.send(exchange, 200, Map.of("content-type", "text/plain"),
                        jwt.issue(user, "true".equals(query.get("admin"))));
            } catch (BillingException e) {
                LocalGateway.send(exchange, 400, json, "{\"error\":{\"code\":\"invalid_request\",\"message\":\""
                        + e.getMessage().replace("\"", "'") + "\"}}");
            }
        } else if (path.equals("/local/clock")) {
            LocalGateway.send(exchange, 200, json, clockJson(List.of()));
        } else if (path.equals("/local/clock/advance")) {
            advanceClock(exchange, query, stripe);
        } else if (path.equals("/local/queue/drain")) {
            // the webhooks, then what they caused: domain events to the notify rule, stream changes
            int received = worker.drain();
            LocalGateway.send(exchange, 200, json, "{\"received\":" + received + ",\"routed\":" + routing.drain() + "}");
        } else if (path.equals("/local/outbox")) {
            routing.drain();
            LocalGateway.send(exchange, 200, json, Json.write(Map.of("emails", emulator.sentEmails().stream()
                    .map(e -> Map.of("to", String.join(", ", e.to()), "subject", e.subject(), "text", e.text()))
                    .toList())));
        } else if (path.equals("/local/queue/status")) {
            LocalGateway.send(exchange, 200, json, Json.write(worker.status()));
        } else if (path.startsWith("/local/schedules/")) {
            String function = path.substring("/local/schedules/".length());
            String result = schedules.trigger(function).orElse(null);
            LocalGateway.send(exchange, result == null ? 404 : 200, json,
                    result == null ? "{\"message\":\"" + function + " has no schedule\"}" : result);
        } else if (path.startsWith("/local/invoke/")) {
            LambdaInvoker function = functions.get(path.substring("/local/invoke/".length()));
            if (function == null) {
                LocalGateway.send(exchange, 404, json, "{\"message\":\"No such function in template.yaml\"}");
            } else {
                LocalGateway.send(exchange, 200, json, function.invokeJson(new String(body, StandardCharsets.UTF_8)));
            }
        } else if (path.startsWith(OfflineStripe.API_PREFIX + "/") && stripe != null) {
            stripe.handle(exchange, path, body);
        } else if (path.equals("/local/health")) {
            LocalGateway.send(exchange, 200, json, "{\"status\":\"ready\"}");
        } else {
            LocalGateway.send(exchange, 404, json, "{\"message\":\"Not Found\"}");
        }
    }

    /**
     * Moves the clock every function reads forward, and lets the offline Stripe catch up
     * with it (renewals and cancellations at period end are sent as webhooks). Online, the
     * clock stays: Stripe's own time cannot be moved from here.
     */
    private static void advanceClock(HttpExchange exchange, Map<String, String> query, OfflineStripe stripe)
            throws IOException {
        Map<String, String> json = Map.of("content-type", "application/json");
        if (stripe == null) {
            LocalGateway.send(exchange, 409, json, "{\"message\":\"The clock moves only offline: Stripe's own "
                    + "time cannot be moved from here (use a Stripe test clock)\"}");
            return;
        }
        Duration by;
        try {
            by = Duration.ofDays(Long.parseLong(query.getOrDefault("days", "0")))
                    .plusHours(Long.parseLong(query.getOrDefault("hours", "0")));
            if (by.isNegative() || by.isZero() || by.toDays() > MAX_ADVANCE_DAYS) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            LocalGateway.send(exchange, 400, json, "{\"message\":\"Give ?days=N and/or ?hours=N, together more "
                    + "than zero and at most " + MAX_ADVANCE_DAYS + " days\"}");
            return;
        }
        Clocks.movable().advance(by);
        LocalGateway.send(exchange, 200, json, clockJson(stripe.catchUp()));
    }

    private static String clockJson(List<String> stripeEvents) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("now", Clocks.movable().instant().toString());
        answer.put("advancedBy", Clocks.movable().offset().toString());
        answer.put("stripeEvents", stripeEvents);
        return Json.write(answer);
    }

    static Map<String, Long> priceAmounts(List<Plan> catalog) {
        Map<String, Long> amounts = new HashMap<>();
        for (Plan plan : catalog) {
            if (plan.monthlyPriceId() != null) {
                amounts.put(plan.monthlyPriceId(), plan.monthlyPrice().amount());
            }
            if (plan.yearlyPriceId() != null) {
                amounts.put(plan.yearlyPriceId(), plan.yearlyPrice().amount());
            }
        }
        return amounts;
    }

    static Map<String, Boolean> yearlyPrices(List<Plan> catalog) {
        Map<String, Boolean> yearly = new HashMap<>();
        for (Plan plan : catalog) {
            for (BillingCycle cycle : BillingCycle.values()) {
                if (plan.priceId(cycle) != null) {
                    yearly.put(plan.priceId(cycle), cycle == BillingCycle.YEARLY);
                }
            }
        }
        return yearly;
    }

    String baseUrl() {
        return baseUrl;
    }

    String serviceCredential() {
        return serviceCredential;
    }

    String token(String user) {
        return jwt.issue(user, false);
    }

    String adminToken(String user) {
        return jwt.issue(user, true);
    }

    String gettingStarted(long startupMillis) {
        String b = baseUrl.replace("127.0.0.1", "localhost");
        StringBuilder text = new StringBuilder();
        text.append("\nBilling service ready in ").append(startupMillis).append(" ms at ").append(b)
                .append(offline ? "  (Stripe: offline stand-in)" : "  (Stripe: test mode)").append("\n\n");
        text.append("  Token for a user:      TOKEN=$(curl -s -X POST '").append(b).append("/local/token?sub=user-1')\n");
        text.append("  Service credential:    ").append(serviceCredential)
                .append("   (Authorization: Bearer ... on POST /api/credits/consume)\n\n");
        text.append("  curl -s ").append(b).append("/api/credits -H \"Authorization: Bearer $TOKEN\"\n");
        text.append("  curl -s -X POST ").append(b).append("/api/create-checkout -H \"Authorization: Bearer $TOKEN\"")
                .append(" -d '{\"planId\":\"pro\",\"billingCycle\":\"monthly\"}'\n");
        if (offline) {
            text.append("  infra/stripe-sim.sh complete-checkout user-1      # plays Stripe: pays the checkout\n");
        } else {
            text.append("  (open the url, pay with 4242 4242 4242 4242; `stripe listen --forward-to ")
                    .append(b).append(LocalGateway.WEBHOOK_PATH).append("` delivers the events)\n");
        }
        text.append("  curl -s -X POST ").append(b).append("/api/credits/consume -H \"Authorization: Bearer ")
                .append(serviceCredential).append("\" -d '{\"userId\":\"user-1\",\"amount\":5,")
                .append("\"idempotencyKey\":\"demo-1\",\"description\":\"AI Chat - GPT-4\"}'\n");
        text.append("  curl -s ").append(b).append("/api/credits/usage -H \"Authorization: Bearer $TOKEN\"\n\n");
        text.append("  Emails sent (receipts, failed payments, low credits): curl -s ").append(b).append("/local/outbox\n");
        text.append("  Webhooks: POST ").append(b).append(LocalGateway.WEBHOOK_PATH)
                .append("   Process the queue now: curl -X POST ").append(b).append("/local/queue/drain\n");
        if (!schedules.schedules().isEmpty()) {
            text.append("  Schedules: ").append(schedules.schedules()).append("  run now: curl -X POST ").append(b)
                    .append("/local/schedules/<Function>\n");
        }
        if (offline) {
            text.append("  Clock: curl -X POST '").append(b).append("/local/clock/advance?days=31'")
                    .append("   (every function and the Stripe stand-in move with it)\n");
        }
        text.append("  Ctrl-C stops everything; every run starts with empty tables.\n");
        return text.toString();
    }

    @Override
    public void close() {
        worker.close();
        routing.close();
        schedules.close();
        server.stop(0);
        requests.shutdownNow();
        moto.close();
    }
}
