package dev.aibilling.local;

import com.sun.net.httpserver.HttpExchange;
import dev.aibilling.adapter.webhook.StripeSignatureVerifier;
import dev.aibilling.emulator.stripe.StripeObjects.InvoiceSpec;
import dev.aibilling.emulator.stripe.StripeObjects;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Stripe, offline. Answers the part of Stripe's API the functions call (customers,
 * checkout sessions, subscriptions, invoice payments) from memory, and plays Stripe's part
 * in the main flows, like `stripe trigger`: each simulated action changes its state and
 * sends correctly signed events through the real webhook path over HTTP.
 */
final class OfflineStripe {
    static final String API_PREFIX = "/local/stripe";
    /** What `stripe listen` forwards from an account whose default API version predates the 2025 shapes. */
    static final String OLD_API_VERSION = "2024-06-20";
    private static final String JSON = "application/json";
    /** Stripe's default: a Checkout Session can be paid for 24 hours. */
    private static final Duration SESSION_LIFETIME = Duration.ofHours(24);

    private final String webhookUrl;
    private final String webhookSecret;
    private final String checkoutBaseUrl;
    private final Map<String, Long> priceAmounts;
    private final Map<String, Boolean> yearlyPrices;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger ids = new AtomicInteger();
    private final Clock clock;
    /** Every event sent, oldest first: what GET /v1/events lists (Stripe keeps 30 days; this run keeps all). */
    private final List<LoggedEvent> eventLog = new ArrayList<>();

    private record LoggedEvent(String id, String type, long created, String json) {
    }
    private final Map<String, String> customersByIdempotencyKey = new HashMap<>();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final Map<String, String> answered = new HashMap<>();
    private final String portalBaseUrl;

    OfflineStripe(String baseUrl, String webhookSecret, Map<String, Long> priceAmounts, Map<String, Boolean> yearlyPrices,
                  Clock clock) {
        this.clock = clock;
        this.webhookUrl = baseUrl + LocalGateway.WEBHOOK_PATH;
        this.webhookSecret = webhookSecret;
        this.checkoutBaseUrl = baseUrl + API_PREFIX + "/checkout/";
        this.portalBaseUrl = baseUrl + API_PREFIX + "/portal/";
        this.priceAmounts = priceAmounts;
        this.yearlyPrices = yearlyPrices;
    }

    private static final class Session {
        String id;
        String userId;
        String customer;
        String priceId;
        String subscriptionId;
        /** open, complete or expired, as Stripe's Session.status. */
        String status = "open";
    }

    private static final class Subscription {
        String id;
        String customer;
        String userId;
        String priceId;
        String status;
        boolean cancelAtPeriodEnd;
        Instant start;
        Instant end;
        final List<Invoice> invoices = new ArrayList<>();
    }

    private static final class Invoice {
        String id;
        String reason;
        String status;
        long amount;
        Instant start;
        Instant end;
        long attempts;
        String paymentIntent;
        long refunded;
    }

    void handle(HttpExchange exchange, String path, byte[] body) throws IOException {
        String relative = path.substring(API_PREFIX.length());
        Map<String, String> query = FormEncoding.parse(exchange.getRequestURI().getRawQuery());
        String method = exchange.getRequestMethod();
        String answer;
        try {
            answer = answer(exchange, relative, method, query, body);
        } catch (IllegalArgumentException e) {
            LocalGateway.send(exchange, 400, Map.of("content-type", JSON), StripeObjects.json(Map.of("error",
                    Map.of("type", "invalid_request_error", "message", e.getMessage()))));
            return;
        }
        if (answer == null) {
            LocalGateway.send(exchange, 404, Map.of("content-type", JSON), StripeObjects.json(Map.of("error",
                    Map.of("type", "invalid_request_error", "code", "resource_missing",
                            "message", "No such resource in the offline Stripe: " + method + " " + relative))));
        } else {
            LocalGateway.send(exchange, 200, Map.of("content-type", JSON, "request-id", "req_local_" + ids.get()), answer);
        }
    }

    private synchronized String answer(HttpExchange exchange, String relative, String method, Map<String, String> query,
                                       byte[] body) {
        // As Stripe does: a POST repeated with its Idempotency-Key answers what the first one did.
        String idempotencyKey = exchange.getRequestHeaders().getFirst("idempotency-key");
        if (method.equals("POST") && idempotencyKey != null && answered.containsKey(idempotencyKey)) {
            return answered.get(idempotencyKey);
        }
        String answer = route(relative, method, query, body, idempotencyKey);
        if (method.equals("POST") && idempotencyKey != null && answer != null) {
            answered.put(idempotencyKey, answer);
        }
        return answer;
    }

    private String route(String relative, String method, Map<String, String> query, byte[] body, String idempotencyKey) {
        Map<String, String> form = FormEncoding.parse(new String(body, StandardCharsets.UTF_8));
        String answer;
        {
            if (method.equals("POST") && relative.equals("/v1/customers")) {
                answer = createCustomer(idempotencyKey);
            } else if (method.equals("POST") && relative.startsWith("/v1/subscriptions/")) {
                Subscription subscription = subscriptions.get(relative.substring("/v1/subscriptions/".length()));
                answer = subscription == null ? null : updateSubscription(subscription, form);
            } else if (method.equals("POST") && relative.equals("/v1/billing_portal/sessions")) {
                answer = StripeObjects.json(Map.of("id", nextId("bps"), "object", "billing_portal.session",
                        "customer", form.get("customer"), "return_url", form.get("return_url"),
                        "url", portalBaseUrl + form.get("customer")));
            } else if (method.equals("POST") && relative.equals("/v1/refunds")) {
                answer = createRefund(form);
            } else if (method.equals("POST") && relative.equals("/v1/checkout/sessions")) {
                answer = createSession(form);
            } else if (method.equals("GET") && relative.startsWith("/v1/subscriptions/")) {
                Subscription subscription = subscriptions.get(relative.substring("/v1/subscriptions/".length()));
                answer = subscription == null ? null : StripeObjects.json(object(subscription));
            } else if (method.equals("POST") && relative.startsWith("/v1/checkout/sessions/")
                    && relative.endsWith("/expire")) {
                answer = expireSession(relative.substring("/v1/checkout/sessions/".length(),
                        relative.length() - "/expire".length()));
            } else if (method.equals("GET") && relative.startsWith("/v1/checkout/sessions/")) {
                Session session = sessions.get(relative.substring("/v1/checkout/sessions/".length()));
                answer = session == null ? null : StripeObjects.json(sessionObject(session, true));
            } else if (method.equals("GET") && relative.startsWith("/v1/invoices/")) {
                answer = findInvoice(relative.substring("/v1/invoices/".length()))
                        .map(found -> StripeObjects.json(StripeObjects.withSubscription(
                                object(found.subscription(), found.invoice()), object(found.subscription()))))
                        .orElse(null);
            } else if (method.equals("GET") && relative.startsWith("/v1/charges/ch_")) {
                answer = findInvoice(relative.substring("/v1/charges/ch_".length()))
                        .map(found -> StripeObjects.json(charge(found.subscription(), found.invoice()))).orElse(null);
            } else if (method.equals("GET") && relative.startsWith("/v1/payment_intents/")) {
                answer = findPayment(relative.substring("/v1/payment_intents/".length()))
                        .map(found -> StripeObjects.json(StripeObjects.paymentIntent(
                                charge(found.subscription(), found.invoice())))).orElse(null);
            } else if (method.equals("GET") && relative.equals("/v1/events")) {
                answer = listEvents(query);
            } else if (method.equals("POST") && relative.startsWith("/simulate/")) {
                answer = simulate(relative.substring("/simulate/".length()), query);
            } else if (relative.startsWith("/checkout/")) {
                answer = StripeObjects.json(Map.of("message", "Offline Stripe Checkout. Complete it with: "
                        + "infra/stripe-sim.sh complete-checkout <userId>"));
            } else if (relative.startsWith("/portal/")) {
                answer = StripeObjects.json(Map.of("message", "Offline billing portal. Act as the user would with: "
                        + "infra/stripe-sim.sh cancel-at-period-end|resume|change-plan <userId>"));
            } else {
                answer = null;
            }
        }
        return answer;
    }

    private String createCustomer(String idempotencyKey) {
        String id = customersByIdempotencyKey.computeIfAbsent(idempotencyKey == null ? nextId("key") : idempotencyKey,
                key -> nextId("cus"));
        return StripeObjects.json(Map.of("id", id, "object", "customer"));
    }

    private String createSession(Map<String, String> form) {
        Session session = new Session();
        session.id = nextId("cs_test");
        session.userId = form.get("client_reference_id");
        session.customer = form.get("customer");
        session.priceId = form.get("line_items[0][price]");
        sessions.put(session.id, session);
        long created = clock.instant().getEpochSecond();
        return StripeObjects.json(Map.of("id", session.id, "object", "checkout.session", "mode", "subscription",
                "status", "open", "url", checkoutBaseUrl + session.id, "created", created,
                "expires_at", created + SESSION_LIFETIME.toSeconds()));
    }

    private String expireSession(String id) {
        Session session = sessions.get(id);
        if (session == null) {
            return null;
        }
        if (!session.status.equals("open")) {
            // Stripe's answer: only an open session can be expired
            throw new IllegalArgumentException("Only Checkout Sessions with a status in [\"open\"] can be expired. "
                    + "This Checkout Session has a status of \"" + session.status + "\".");
        }
        session.status = "expired";
        return StripeObjects.json(Map.of("id", session.id, "object", "checkout.session", "status", "expired"));
    }

    /** GET /v1/events as Stripe answers it: newest first, filtered by created[gte|lte] and types[n], after starting_after. */
    private String listEvents(Map<String, String> query) {
        long from = Long.parseLong(query.getOrDefault("created[gte]", "0"));
        long to = Long.parseLong(query.getOrDefault("created[lte]", Long.toString(Long.MAX_VALUE)));
        int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
        List<String> types = query.entrySet().stream().filter(e -> e.getKey().startsWith("types["))
                .map(Map.Entry::getValue).toList();
        String startingAfter = query.get("starting_after");
        List<LoggedEvent> matching = new ArrayList<>();
        for (int i = eventLog.size() - 1; i >= 0; i--) {
            LoggedEvent event = eventLog.get(i);
            if (event.created() >= from && event.created() <= to && (types.isEmpty() || types.contains(event.type()))) {
                matching.add(event);
            }
        }
        int start = 0;
        if (startingAfter != null) {
            while (start < matching.size() && !matching.get(start).id().equals(startingAfter)) {
                start++;
            }
            start++;
        }
        List<LoggedEvent> page = matching.subList(Math.min(start, matching.size()),
                Math.min(start + limit, matching.size()));
        return "{\"object\":\"list\",\"url\":\"/v1/events\",\"has_more\":" + (start + limit < matching.size())
                + ",\"data\":[" + String.join(",", page.stream().map(LoggedEvent::json).toList()) + "]}";
    }

    /**
     * Moves every live subscription past the clock, as Stripe's own billing would: each
     * period that ended is renewed and paid, or, set to cancel at its end, canceled.
     * Returns the events sent.
     */
    synchronized List<String> catchUp() {
        List<String> events = new ArrayList<>();
        for (Subscription subscription : subscriptions.values()) {
            while (subscription.userId != null && !subscription.status.equals("canceled")
                    && !subscription.end.isAfter(clock.instant())) {
                if (subscription.cancelAtPeriodEnd) {
                    subscription.status = "canceled";
                    events.add(send("customer.subscription.deleted", object(subscription)));
                } else {
                    renew(subscription, events);
                }
            }
        }
        return events;
    }

    private record Found(Subscription subscription, Invoice invoice) {
    }

    private Optional<Found> findInvoice(String invoiceId) {
        return find(invoice -> invoice.id.equals(invoiceId));
    }

    private Optional<Found> findPayment(String paymentIntent) {
        return find(invoice -> paymentIntent.equals(invoice.paymentIntent));
    }

    private Optional<Found> find(Predicate<Invoice> match) {
        for (Subscription subscription : subscriptions.values()) {
            for (Invoice invoice : subscription.invoices) {
                if (match.test(invoice)) {
                    return Optional.of(new Found(subscription, invoice));
                }
            }
        }
        return Optional.empty();
    }

    /** A completed session; GETs expand its subscription, events name it. */
    private Map<String, Object> sessionObject(Session session, boolean expandSubscription) {
        Subscription subscription = subscriptions.get(session.subscriptionId);
        return StripeObjects.checkoutSession(session.id, session.userId, session.customer,
                expandSubscription && subscription != null ? object(subscription) : session.subscriptionId, "paid");
    }

    /** The charge that paid an invoice: its id is ch_ and the invoice's id. */
    private static Map<String, Object> charge(Subscription subscription, Invoice invoice) {
        return StripeObjects.charge("ch_" + invoice.id, subscription.customer, invoice.paymentIntent, invoice.amount,
                invoice.refunded);
    }

    private String simulate(String action, Map<String, String> query) {
        String userId = query.get("user");
        if (userId == null) {
            throw new IllegalArgumentException("Give ?user=<userId>");
        }
        List<String> events = new ArrayList<>();
        Subscription subscription;
        if (action.equals("foreign-event")) {
            return StripeObjects.json(Map.of("events", List.of(foreignEvent())));
        }
        if (action.equals("complete-checkout")) {
            Session session = sessions.values().stream().filter(s -> userId.equals(s.userId) && s.status.equals("open"))
                    .reduce((first, second) -> second).orElse(null);
            if (session == null) {
                return StripeObjects.json(Map.of("error", "No open checkout session for " + userId
                        + ": POST /api/create-checkout first"));
            }
            subscription = startSubscription(session, events);
        } else {
            subscription = subscriptions.values().stream().filter(s -> userId.equals(s.userId))
                    .reduce((first, second) -> second).orElse(null);
            if (subscription == null) {
                return StripeObjects.json(Map.of("error", userId + " has no subscription: complete a checkout first"));
            }
            if (subscription.status.equals("canceled") && !action.equals("refund")
                    && !action.equals("old-version-event")) {
                // as Stripe: a canceled subscription is final; the user starts a new one at checkout
                return StripeObjects.json(Map.of("error", subscription.id + " is canceled: complete a new checkout"));
            }
            switch (action) {
                case "renew" -> renew(subscription, events);
                case "fail-payment" -> failPayment(subscription, events);
                case "cancel" -> {
                    subscription.status = "canceled";
                    events.add(send("customer.subscription.deleted", object(subscription)));
                }
                case "cancel-at-period-end", "resume" -> {
                    subscription.cancelAtPeriodEnd = action.equals("cancel-at-period-end");
                    events.add(send("customer.subscription.updated", object(subscription)));
                }
                case "end-period" -> {
                    if (subscription.cancelAtPeriodEnd) {
                        subscription.status = "canceled";
                        events.add(send("customer.subscription.deleted", object(subscription)));
                    } else {
                        renew(subscription, events);
                    }
                }
                case "change-plan" -> changePlan(subscription, required(query, "price"), events);
                case "refund" -> refund(subscription, query.get("amount"), events);
                case "old-version-event" -> {
                    Invoice paid = subscription.invoices.stream().filter(i -> i.status.equals("paid"))
                            .reduce((first, second) -> second).orElseThrow(() -> new IllegalArgumentException(
                                    "Nothing paid yet: complete a checkout first"));
                    events.add(send("invoice.paid", object(subscription, paid), OLD_API_VERSION));
                }
                default -> throw new IllegalArgumentException("Unknown action " + action
                        + "; try complete-checkout, renew, fail-payment, cancel, cancel-at-period-end, resume, "
                        + "end-period, change-plan, refund, old-version-event, foreign-event");
            }
        }
        return StripeObjects.json(Map.of("subscriptionId", subscription.id, "status", subscription.status,
                "events", events));
    }

    /** An update through the API (the subscriptions route): applied, answered, and announced like Stripe does. */
    private String updateSubscription(Subscription subscription, Map<String, String> form) {
        if (subscription.status.equals("canceled")) {
            throw new IllegalArgumentException("A canceled subscription cannot be updated: " + subscription.id);
        }
        if (form.containsKey("cancel_at_period_end")) {
            subscription.cancelAtPeriodEnd = Boolean.parseBoolean(form.get("cancel_at_period_end"));
        }
        if (form.containsKey("items[0][price]")) {
            subscription.priceId = form.get("items[0][price]");
        }
        send("customer.subscription.updated", object(subscription));
        return StripeObjects.json(object(subscription));
    }

    /**
     * A switch made in the billing portal: the price changes now, and the portal's
     * configuration invoices the proration at once (billing_reason subscription_update,
     * which opens no credit period).
     */
    private void changePlan(Subscription subscription, String priceId, List<String> events) {
        if (!priceAmounts.containsKey(priceId)) {
            throw new IllegalArgumentException("Unknown price " + priceId + "; the local prices are " + priceAmounts.keySet());
        }
        long difference = priceAmounts.get(priceId) - priceAmounts.getOrDefault(subscription.priceId, 0L);
        subscription.priceId = priceId;
        events.add(send("customer.subscription.updated", object(subscription)));
        if (difference > 0) {
            Invoice proration = invoice(subscription, "subscription_update");
            proration.amount = difference;
            pay(proration);
            events.add(send("invoice.paid", object(subscription, proration)));
        }
    }

    /** A refund through the API (the admin route): the charge is expanded in the answer, as requested. */
    private String createRefund(Map<String, String> form) {
        String paymentIntent = form.get("payment_intent");
        long amount = Long.parseLong(form.get("amount"));
        Found found = findPayment(paymentIntent)
                .orElseThrow(() -> new IllegalArgumentException("No such payment intent: " + paymentIntent));
        Invoice invoice = found.invoice();
        if (amount > invoice.amount - invoice.refunded) {
            throw new IllegalArgumentException("Refund amount exceeds what remains of the charge");
        }
        invoice.refunded += amount;
        Map<String, Object> charge = charge(found.subscription(), invoice);
        send("charge.refunded", charge);
        return StripeObjects.json(Map.of("id", nextId("re"), "object", "refund", "amount", amount,
                "status", "succeeded", "payment_intent", paymentIntent, "charge", charge,
                "created", clock.instant().getEpochSecond()));
    }

    private static String required(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Give ?" + name + "=...");
        }
        return value;
    }

    private Subscription startSubscription(Session session, List<String> events) {
        Subscription subscription = new Subscription();
        subscription.id = nextId("sub");
        subscription.customer = session.customer;
        subscription.userId = session.userId;
        subscription.priceId = session.priceId;
        subscription.status = "active";
        subscription.start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        subscription.end = periodEnd(subscription.start, session.priceId);
        subscriptions.put(subscription.id, subscription);
        session.subscriptionId = subscription.id;
        session.status = "complete";
        Invoice invoice = invoice(subscription, "subscription_create");
        pay(invoice);
        events.add(send("checkout.session.completed", sessionObject(session, false)));
        events.add(send("customer.subscription.created", object(subscription)));
        events.add(send("invoice.payment_succeeded", object(subscription, invoice)));
        events.add(send("invoice.paid", object(subscription, invoice)));
        return subscription;
    }

    private void renew(Subscription subscription, List<String> events) {
        Invoice open = subscription.invoices.stream().filter(i -> i.status.equals("open")).findFirst().orElse(null);
        if (open == null) {
            advance(subscription);
            open = invoice(subscription, "subscription_cycle");
        }
        pay(open);
        subscription.status = "active";
        events.add(send("invoice.payment_succeeded", object(subscription, open)));
        events.add(send("invoice.paid", object(subscription, open)));
        events.add(send("customer.subscription.updated", object(subscription)));
    }

    private void failPayment(Subscription subscription, List<String> events) {
        Invoice open = subscription.invoices.stream().filter(i -> i.status.equals("open")).findFirst().orElse(null);
        if (open == null) {
            advance(subscription);
            open = invoice(subscription, "subscription_cycle");
        }
        open.attempts++;
        subscription.status = "past_due";
        events.add(send("invoice.payment_failed", object(subscription, open)));
        events.add(send("customer.subscription.updated", object(subscription)));
    }

    private void refund(Subscription subscription, String amount, List<String> events) {
        Invoice paid = subscription.invoices.stream().filter(i -> i.status.equals("paid"))
                .reduce((first, second) -> second).orElseThrow(() -> new IllegalArgumentException("Nothing paid to refund"));
        long refund = amount == null ? paid.amount - paid.refunded : Long.parseLong(amount);
        paid.refunded = Math.min(paid.amount, paid.refunded + refund);
        events.add(send("charge.refunded", charge(subscription, paid)));
    }

    private void advance(Subscription subscription) {
        subscription.start = subscription.end;
        subscription.end = periodEnd(subscription.start, subscription.priceId);
    }

    private Invoice invoice(Subscription subscription, String reason) {
        Invoice invoice = new Invoice();
        invoice.id = nextId("in");
        invoice.reason = reason;
        invoice.status = "open";
        invoice.amount = priceAmounts.getOrDefault(subscription.priceId, 0L);
        invoice.start = subscription.start;
        invoice.end = subscription.end;
        subscription.invoices.add(invoice);
        return invoice;
    }

    private void pay(Invoice invoice) {
        invoice.status = "paid";
        invoice.attempts++;
        invoice.paymentIntent = nextId("pi");
    }

    private Instant periodEnd(Instant start, String priceId) {
        return Boolean.TRUE.equals(yearlyPrices.get(priceId))
                ? start.atZone(ZoneOffset.UTC).plusYears(1).toInstant()
                : start.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
    }

    private static Map<String, Object> object(Subscription s) {
        return StripeObjects.subscription(s.id, s.customer, s.userId, s.status, s.priceId, s.start, s.end,
                s.cancelAtPeriodEnd);
    }

    private static Map<String, Object> object(Subscription s, Invoice i) {
        return StripeObjects.invoice(new InvoiceSpec(i.id, s.customer, s.id, s.userId, i.reason, i.status, i.amount,
                s.priceId, i.start, i.end, i.attempts, i.paymentIntent));
    }

    /**
     * What `stripe trigger invoice.payment_succeeded` does in an account shared with another
     * product: an invoice of a customer this service never created. Acknowledged, counted
     * and listed (GET /api/admin/stripe/unmatched), never retried.
     */
    private String foreignEvent() {
        Subscription foreign = new Subscription();
        foreign.id = nextId("sub");
        foreign.customer = nextId("cus_other_product");
        foreign.priceId = "price_other_product";
        foreign.status = "active";
        foreign.start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        foreign.end = foreign.start.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
        subscriptions.put(foreign.id, foreign);
        Invoice invoice = invoice(foreign, "subscription_create");
        invoice.amount = 2500;
        pay(invoice);
        return send("invoice.payment_succeeded", object(foreign, invoice));
    }

    private String send(String type, Map<String, Object> object) {
        return send(type, object, StripeObjects.API_VERSION);
    }

    /** Signs the event, rendered as an account on {@code apiVersion} sends it, and posts it to the local webhook endpoint. */
    private String send(String type, Map<String, Object> object, String apiVersion) {
        Instant created = clock.instant();
        String id = nextId("evt_local");
        String payload = StripeObjects.event(id, type, StripeObjects.renderedIn(apiVersion, object), apiVersion,
                created);
        eventLog.add(new LoggedEvent(id, type, created.getEpochSecond(), payload));
        String signature = StripeSignatureVerifier.sign(webhookSecret, clock.instant().getEpochSecond(),
                payload.getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(webhookUrl))
                    .header("content-type", "application/json; charset=utf-8")
                    .header("stripe-signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("The webhook endpoint refused " + type + ": " + response.statusCode()
                        + " " + response.body());
            }
            return type;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach the webhook endpoint " + webhookUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending " + type, e);
        }
    }

    private String nextId(String prefix) {
        return prefix + "_local" + ids.incrementAndGet();
    }
}
