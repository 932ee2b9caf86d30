package dev.aibilling.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.aibilling.domain.credits.Account;
import dev.aibilling.domain.paging.PageRequest;
import dev.aibilling.domain.payments.Payment;
import dev.aibilling.domain.plans.PlanCatalog;
import dev.aibilling.domain.reconcile.Reconciler;
import dev.aibilling.domain.subscriptions.SubscriptionStatus;
import dev.aibilling.emulator.FaultInjector;
import dev.aibilling.emulator.LedgerAudit;
import dev.aibilling.emulator.SentEmail;
import dev.aibilling.emulator.SqsEventSource;
import dev.aibilling.testing.ApiEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One seeded run of many users' billing lives through the production code paths, with
 * Stripe's delivery behaviour (1 to 3 deliveries per event, any order, some never
 * delivered and healed only by the reconciler) and faults injected at random. Then the
 * faults stop, everything is drained, and the books are checked against what the Stripe
 * stand-in and the users' own answers say. Every random choice comes from the seed.
 */
final class BillingSimulation {
    private static final Instant START = Instant.parse("2027-01-04T09:00:00Z");
    private static final List<String> PRICES = List.of("price_local_pro_monthly", "price_local_pro_yearly",
            "price_local_business_monthly", "price_local_business_yearly");

    /** What a run did and found; {@code violations} is empty when the books are right. */
    record Result(long seed, int steps, Map<String, Integer> actions, Map<FaultInjector.Fault, Integer> faults,
                  int stripeFaults, int deliveries, int dropped, List<String> violations) {
    }

    private final long seed;
    private final int users;
    private final int steps;
    private final double faultProbability;
    private final Map<String, Integer> actions = new LinkedHashMap<>();
    /** Idempotency keys of consumes: the amount asked, and whether any answer was 200. */
    private final Map<String, Boolean> answered = new HashMap<>();
    private final Map<String, Long> keyAmounts = new HashMap<>();
    private final Map<String, String> keyUsers = new HashMap<>();
    private final List<String> pending = new ArrayList<>();
    /** Answers no correct request should get (a 400 for a valid body, say): each is a violation. */
    private final List<String> unexpected = new ArrayList<>();
    private int deliveries;
    private int dropped;
    private int keys;

    BillingSimulation(long seed, int users, int steps, double faultProbability) {
        this.seed = seed;
        this.users = users;
        this.steps = steps;
        this.faultProbability = faultProbability;
    }

    Result run() {
        try (SimulatedWorld world = new SimulatedWorld(seed, START, faultProbability)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                ids.add("sim-" + Long.toHexString(seed) + "-" + i);
            }
            // a first reconciliation before anything happens: the event replay's window starts here
            world.reconcile();
            for (int step = 0; step < steps; step++) {
                act(world, ids.get(world.nextInt(ids.size())));
            }
            world.stopFaults();
            settle(world);
            List<String> violations = new ArrayList<>(unexpected);
            violations.addAll(check(world, ids));
            return new Result(seed, steps, actions, world.faults.injected(), world.stripeFaultsInjected(), deliveries,
                    dropped, violations);
        }
    }

    private void act(SimulatedWorld world, String user) {
        int roll = world.nextInt(100);
        if (roll < 22) {
            count("consume");
            consume(world, user);
        } else if (roll < 30) {
            count("checkout");
            checkout(world, user);
        } else if (roll < 36) {
            count("time passes");
            passTime(world);
        } else if (roll < 40) {
            count("payment fails");
            world.simulate("fail-payment", user, null);
        } else if (roll < 43) {
            count("payment recovers");
            world.simulate("renew", user, null);
        } else if (roll < 45) {
            count("canceled in the dashboard");
            world.simulate("cancel", user, null);
        } else if (roll < 49) {
            count("plan change (route)");
            changePlan(world, user);
        } else if (roll < 52) {
            count("cancel at period end (route)");
            subscriptionRoute(world, user, "DELETE /api/subscriptions/{id}");
        } else if (roll < 54) {
            count("resume (route)");
            subscriptionRoute(world, user, "POST /api/subscriptions/{id}/resume");
        } else if (roll < 57) {
            count("portal change");
            String[] portal = {"cancel-at-period-end", "resume", "change-plan"};
            String action = portal[world.nextInt(portal.length)];
            world.simulate(action, user, action.equals("change-plan")
                    ? "price=" + PRICES.get(world.nextInt(PRICES.size())) : null);
        } else if (roll < 59) {
            count("refund (admin route)");
            refund(world, user);
        } else if (roll < 61) {
            count("refund (dashboard)");
            world.simulate("refund", user, world.roll(0.5) ? "amount=" + (1 + world.nextInt(1500)) : null);
        } else if (roll < 63) {
            count("support grant");
            grant(world, user);
        } else if (roll < 80) {
            count("webhooks delivered");
            deliverSome(world);
        } else if (roll < 92) {
            count("queue processed");
            processSome(world);
        } else if (roll < 95) {
            count("reconciliation");
            world.reconcile();
        } else {
            count("notifications routed");
            world.routeNotifications();
        }
    }

    private void consume(SimulatedWorld world, String user) {
        String key;
        long amount;
        if (!keyAmounts.isEmpty() && world.roll(0.2)) {
            // a retried key: the same request again, or (rarely) the same key with another amount
            key = new ArrayList<>(keyAmounts.keySet()).get(world.nextInt(keyAmounts.size()));
            amount = world.roll(0.8) ? keyAmounts.get(key) : keyAmounts.get(key) + 1;
            user = keyUsers.get(key);
        } else {
            key = "k" + (++keys) + "-" + user;
            amount = 1 + world.nextInt(80);
            keyAmounts.put(key, amount);
            keyUsers.put(key, user);
        }
        APIGatewayV2HTTPEvent event = ApiEvents.iam("POST /api/credits/consume", "{\"userId\":\"" + user
                + "\",\"amount\":" + amount + ",\"idempotencyKey\":\"" + key + "\",\"description\":\"Simulated chat\"}");
        event.getRequestContext().getAuthorizer().getIam().setUserArn(SimulatedWorld.BACKEND);
        int status = expect(world, world.route(world.consume, event), 200, 402, 409);
        if (status == 200 && amount == keyAmounts.get(key)) {
            answered.put(key, true);
        }
        answered.putIfAbsent(key, false);
    }

    private void checkout(SimulatedWorld world, String user) {
        String price = PRICES.get(world.nextInt(PRICES.size()));
        APIGatewayV2HTTPEvent event = ApiEvents.jwt("POST /api/create-checkout", user, Map.of());
        event.setBody("{\"priceId\":\"" + price + "\"}");
        int status = expect(world, world.route(world.checkout, event), 200, 409);
        if (status == 200 && world.roll(0.8)) {
            world.simulate("complete-checkout", user, null);
        }
    }

    private void passTime(SimulatedWorld world) {
        world.clock.advance(Duration.ofHours(1 + world.nextInt(24 * 9)));
        world.stripe.catchUp();
        // often enough that no event ages past Stripe's 30-day retention unseen
        world.reconcile();
    }

    private void changePlan(SimulatedWorld world, String user) {
        String subscription = subscriptionOf(world, user);
        if (subscription == null) {
            return;
        }
        String[] plans = {"pro", "business"};
        String[] cycles = {"monthly", "yearly"};
        APIGatewayV2HTTPEvent event = ApiEvents.jwt("PATCH /api/subscriptions/{id}", user, Map.of());
        event.setPathParameters(Map.of("id", subscription));
        event.setBody("{\"planId\":\"" + plans[world.nextInt(2)] + "\",\"billingCycle\":\"" + cycles[world.nextInt(2)]
                + "\"}");
        expect(world, world.route(world.subscriptions, event), 200, 400, 404, 409);
    }

    private void subscriptionRoute(SimulatedWorld world, String user, String route) {
        String subscription = subscriptionOf(world, user);
        if (subscription == null) {
            return;
        }
        APIGatewayV2HTTPEvent event = ApiEvents.jwt(route, user, Map.of());
        event.setPathParameters(Map.of("id", subscription));
        expect(world, world.route(world.subscriptions, event), 200, 404, 409);
    }

    private void refund(SimulatedWorld world, String user) {
        List<Payment> payments = world.truth.payments().list(user, new PageRequest(100, null)).items();
        if (payments.isEmpty()) {
            return;
        }
        Payment payment = payments.get(world.nextInt(payments.size()));
        APIGatewayV2HTTPEvent event = ApiEvents.jwtWithClaims("POST /api/admin/refunds",
                Map.of("sub", "admin-1", "cognito:groups", "[admin]"), Map.of());
        event.setHeaders(Map.of("idempotency-key", "refund-" + payment.paymentId() + "-" + world.nextInt(3)));
        event.setBody("{\"paymentId\":\"" + payment.paymentId() + "\"" + (world.roll(0.5) ? ",\"amount\":"
                + (1 + world.nextInt(1000)) : "") + "}");
        expect(world, world.route(world.admin, event), 200, 400, 409);
    }

    private void grant(SimulatedWorld world, String user) {
        APIGatewayV2HTTPEvent event = ApiEvents.jwtWithClaims("POST /api/admin/credits/grants",
                Map.of("sub", "admin-1", "cognito:groups", "[admin]"), Map.of());
        long amount = world.roll(0.7) ? 1 + world.nextInt(200) : -(1 + world.nextInt(50));
        event.setBody("{\"userId\":\"" + user + "\",\"amount\":" + amount + ",\"reason\":\"simulated support\","
                + "\"idempotencyKey\":\"g" + (++keys) + "\"}");
        expect(world, world.route(world.admin, event), 200, 402);
    }

    /** Stripe's deliveries: each event once to three times, in any order, one in ten never. */
    private void deliverSome(SimulatedWorld world) {
        for (String event : world.takeInbox()) {
            if (world.roll(0.1)) {
                dropped++;
                continue;
            }
            int copies = 1 + world.nextInt(3);
            for (int i = 0; i < copies; i++) {
                pending.add(event);
            }
        }
        Collections.shuffle(pending, world.random);
        int now = pending.isEmpty() ? 0 : 1 + world.nextInt(pending.size());
        for (int i = 0; i < now; i++) {
            String event = pending.remove(0);
            if (world.deliver(event) != 200) {
                // Stripe retries a delivery that was not acknowledged
                pending.add(event);
            }
            deliveries++;
        }
    }

    /**
     * Lambda's SQS event source, with its quirks: a batch handed over twice at once, and a
     * batch whose invocation dies after its effects (the messages come back).
     */
    private void processSome(SimulatedWorld world) {
        List<Message> messages = world.emulator.sqs().receiveMessage(r -> r.queueUrl(world.queues.queueUrl())
                .maxNumberOfMessages(1 + world.nextInt(10)).visibilityTimeout(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (messages.isEmpty()) {
            return;
        }
        SQSEvent event = batch(messages);
        List<String> failed = new ArrayList<>();
        if (world.roll(0.1)) {
            count("same batch processed twice at once");
            failed.addAll(world.withoutFaults(() -> {
                CompletableFuture<List<String>> other = CompletableFuture.supplyAsync(() -> failures(world, event));
                List<String> both = new ArrayList<>(failures(world, event));
                both.addAll(other.join());
                return both;
            }));
        } else {
            failed.addAll(failures(world, event));
        }
        if (world.roll(0.1)) {
            count("invocation lost after its effects");
            return;
        }
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                world.emulator.sqs().deleteMessage(d -> d.queueUrl(world.queues.queueUrl())
                        .receiptHandle(message.receiptHandle()));
            }
        }
    }

    private static List<String> failures(SimulatedWorld world, SQSEvent event) {
        return world.process(event).getBatchItemFailures().stream().map(f -> f.getItemIdentifier()).toList();
    }

    private static SQSEvent batch(List<Message> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(m -> {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.setAttributes(attributes);
            return record;
        }).toList());
        return event;
    }

    /** Faults off: every delivery Stripe still owes is made, the queue drained, the reconciler run to completion. */
    private void settle(SimulatedWorld world) {
        for (String event : world.takeInbox()) {
            pending.add(event);
        }
        for (int round = 0; !pending.isEmpty() && round < 10; round++) {
            List<String> owed = new ArrayList<>(pending);
            pending.clear();
            for (String event : owed) {
                if (world.deliver(event) != 200) {
                    pending.add(event);
                }
                deliveries++;
            }
        }
        SqsEventSource queue = world.queue;
        for (int round = 0; round < 50 && queue.pollOnce(0, 0) > 0; round++) {
            // drained
        }
        for (int run = 0; run < 10; run++) {
            world.clock.advance(Duration.ofMinutes(20));
            Reconciler.Result result = world.reconcile();
            if (result != null && result.report().complete()) {
                break;
            }
        }
        for (int round = 0; round < 50 && queue.pollOnce(0, 0) > 0; round++) {
            // what the reconciler's drift or replay may have left
        }
        for (int round = 0; round < 20 && world.routeNotifications() > 0; round++) {
            // until nothing is left to route
        }
    }

    private List<String> check(SimulatedWorld world, List<String> ids) {
        List<String> violations = new ArrayList<>();
        LedgerAudit audit = new LedgerAudit(world.table);
        // every event the stand-in sent, newest first: Stripe's own record
        JsonArray stripeEvents = JsonParser.parseString(world.stripeGet("GET", "/v1/events?limit=1000000"))
                .getAsJsonObject().getAsJsonArray("data");
        for (String user : ids) {
            Long balance = audit.balance(user);
            if (balance == null) {
                continue;
            }
            List<Map<String, AttributeValue>> entries = audit.entries(user);
            long sum = entries.stream().mapToLong(e -> Long.parseLong(e.get("delta").n())).sum();
            if (balance != sum || balance < 0) {
                violations.add(user + ": balance " + balance + " but its ledger sums to " + sum);
            }
            long grants = entries.stream().filter(e -> e.get("type").s().equals("PERIOD_GRANT")).count();
            long markers = grantMarkers(world, user);
            if (grants != markers) {
                violations.add(user + ": " + grants + " period grants for " + markers + " granted periods");
            }
            checkPlan(world, user, stripeEvents, violations);
        }
        checkConsumeKeys(world, audit, violations);
        checkPayments(world, stripeEvents, violations);
        checkEmails(world, ids, violations);
        checkDeadLetters(world, violations);
        return violations;
    }

    private static long grantMarkers(SimulatedWorld world, String user) {
        return world.table.client().query(q -> q.tableName(world.table.name())
                .keyConditionExpression("PK = :pk AND begins_with(SK, :marker)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#" + user),
                        ":marker", AttributeValue.fromS("MARKER#grant:")))).count();
    }

    /** The account's plan follows the newest state of the user's newest subscription at Stripe. */
    private static void checkPlan(SimulatedWorld world, String user, JsonArray stripeEvents, List<String> violations) {
        String subscription = null;
        for (JsonElement event : stripeEvents) {
            JsonObject object = event.getAsJsonObject().getAsJsonObject("data").getAsJsonObject("object");
            if (object.get("object").getAsString().equals("subscription") && object.getAsJsonObject("metadata")
                    .has("userId") && object.getAsJsonObject("metadata").get("userId").getAsString().equals(user)) {
                subscription = object.get("id").getAsString();
                break;
            }
        }
        Account account = world.truth.credits().findAccount(user).orElseThrow();
        if (subscription == null) {
            if (!account.planId().equals(PlanCatalog.FREE)) {
                violations.add(user + ": no subscription but plan " + account.planId());
            }
            return;
        }
        JsonObject stripe = JsonParser.parseString(world.stripeGet("GET", "/v1/subscriptions/" + subscription))
                .getAsJsonObject();
        String status = stripe.get("status").getAsString();
        String price = stripe.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject()
                .getAsJsonObject("price").get("id").getAsString();
        String expected = SubscriptionStatus.of(status).entitlesToPlan()
                ? (price.contains("business") ? "business" : "pro") : PlanCatalog.FREE;
        if (!account.planId().equals(expected)) {
            violations.add(user + ": Stripe says " + subscription + " is " + status + " on " + price
                    + ", the account's plan is " + account.planId());
        }
    }

    /** Each key debited at most once, and exactly once if any answer for it was 200. */
    private void checkConsumeKeys(SimulatedWorld world, LedgerAudit audit, List<String> violations) {
        Map<String, Integer> debits = new HashMap<>();
        for (String user : new HashSet<>(keyUsers.values())) {
            for (Map<String, AttributeValue> entry : audit.entries(user)) {
                if (entry.get("type").s().equals("CONSUMPTION")) {
                    debits.merge(entry.get("reference").s(), 1, Integer::sum);
                }
            }
        }
        answered.forEach((key, ok) -> {
            int count = debits.getOrDefault(key, 0);
            if (count > 1 || ok && count != 1) {
                violations.add("key " + key + " debited " + count + " times (answered 200: " + ok + ")");
            }
        });
    }

    /** One payment per invoice Stripe charged, its refunded total Stripe's. */
    private static void checkPayments(SimulatedWorld world, JsonArray stripeEvents, List<String> violations) {
        Set<String> invoices = new HashSet<>();
        for (JsonElement event : stripeEvents) {
            JsonObject object = event.getAsJsonObject().getAsJsonObject("data").getAsJsonObject("object");
            if (object.get("object").getAsString().equals("invoice") && object.has("customer")
                    && !object.get("customer").getAsString().startsWith("cus_other_product")) {
                invoices.add(object.get("id").getAsString());
            }
        }
        for (String invoice : invoices) {
            JsonObject stripe = JsonParser.parseString(world.stripeGet("GET", "/v1/invoices/" + invoice))
                    .getAsJsonObject();
            var ours = world.truth.payments().find(invoice);
            if (ours.isEmpty()) {
                violations.add("invoice " + invoice + " (" + stripe.get("status").getAsString() + ") has no payment");
                continue;
            }
            if (stripe.get("status").getAsString().equals("paid")) {
                JsonObject charge = JsonParser.parseString(world.stripeGet("GET", "/v1/charges/ch_" + invoice))
                        .getAsJsonObject();
                long refunded = charge.get("amount_refunded").getAsLong();
                if (ours.get().amountRefunded() != refunded) {
                    violations.add("payment " + invoice + " refunded " + ours.get().amountRefunded()
                            + " but Stripe refunded " + refunded);
                }
            }
        }
    }

    /** Each domain event told once at most, and every payment's receipt sent. */
    private static void checkEmails(SimulatedWorld world, List<String> ids, List<String> violations) {
        // moto's outbox is shared by the runs of one JVM: this run's users' mail only
        Set<String> addresses = new HashSet<>();
        ids.forEach(id -> addresses.add(id + "@example.com"));
        Map<String, Integer> told = new HashMap<>();
        for (SentEmail email : world.emulator.sentEmails()) {
            String event = email.headers().get("x-billing-event");
            if (event != null && email.to().stream().anyMatch(addresses::contains)) {
                told.merge(event, 1, Integer::sum);
            }
        }
        told.forEach((event, times) -> {
            if (times > 1) {
                violations.add("event " + event + " was emailed " + times + " times");
            }
        });
        for (String body : SqsEventSource.bodies(world.emulator.sqs(), world.bus.observerQueueUrl())) {
            JsonObject event = JsonParser.parseString(body).getAsJsonObject();
            if (event.get("detail-type").getAsString().equals("PaymentSucceeded")) {
                String id = event.getAsJsonObject("detail").get("id").getAsString();
                if (!told.containsKey(id)) {
                    violations.add("no receipt for " + id);
                }
            }
        }
    }

    /** A message the dead-letter queue holds was still applied: the reconciler replayed its event. */
    private static void checkDeadLetters(SimulatedWorld world, List<String> violations) {
        for (String body : SqsEventSource.bodies(world.emulator.sqs(), world.queues.deadLetterQueueUrl())) {
            String id = JsonParser.parseString(body).getAsJsonObject().get("id").getAsString();
            if (!world.truth.processedSignals().isProcessed(id)) {
                violations.add("event " + id + " is in the dead-letter queue and was never applied");
            }
        }
    }

    private static String subscriptionOf(SimulatedWorld world, String user) {
        return world.truth.subscriptions().find(user).map(s -> s.subscriptionId()).orElse(null);
    }

    /** The route's status, checked: one of {@code allowed}, or a 5xx only if a fault was injected in the call. */
    private int expect(SimulatedWorld world, APIGatewayV2HTTPResponse response, int... allowed) {
        int status = response.getStatusCode();
        if (status >= 500 && world.lastRouteFaulted()) {
            count("answered 5xx (a fault injected)");
            return status;
        }
        for (int ok : allowed) {
            if (status == ok) {
                return status;
            }
        }
        unexpected.add("an answer of " + status + " " + response.getBody() + " where " + Arrays.toString(allowed)
                + " were expected");
        return status;
    }

    private void count(String action) {
        actions.merge(action, 1, Integer::sum);
    }

    String replayCommand() {
        return "./mvnw -B -pl infra/local -am verify -Dtest=BillingSimulationTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dsimulation.seed=" + seed + " -Dsimulation.steps=" + steps;
    }

}
