package dev.aibilling.emulator.stripe;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stripe objects and events in the shapes of the API version stripe-java pins
 * ({@link #API_VERSION}; a test checks it still equals stripe-java's): invoices name their
 * subscription under parent.subscription_details, lines carry pricing.price_details and a
 * period, and subscription periods live on the items. Used by the tests and by the local
 * runtime's offline Stripe.
 */
public final class StripeObjects {
    public static final String API_VERSION = "2026-07-29.dahlia";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private StripeObjects() {
    }

    public static String json(Object value) {
        return GSON.toJson(value);
    }

    public static String event(String id, String type, Map<String, Object> object) {
        return event(id, type, object, API_VERSION);
    }

    public static String event(String id, String type, Map<String, Object> object, String apiVersion) {
        return event(id, type, object, apiVersion, Instant.now());
    }

    public static String event(String id, String type, Map<String, Object> object, String apiVersion,
                               Instant created) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("object", "event");
        event.put("api_version", apiVersion);
        event.put("created", created.getEpochSecond());
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        event.put("request", Map.of("idempotency_key", "", "id", ""));
        event.put("type", type);
        event.put("data", Map.of("object", object));
        return json(event);
    }

    /**
     * A completed subscription checkout; {@code subscription} is the id (as in an event) or
     * the subscription object (as GET with expand[]=subscription answers).
     */
    /** API versions whose shapes the tests render events in: the pinned one and three older ones. */
    public static final List<String> RENDERED_VERSIONS = List.of(API_VERSION, "2025-09-30.clover",
            "2025-03-31.basil", "2024-06-20");

    /**
     * An object as an event of {@code apiVersion} carries it. Before the 2025 "basil"
     * versions an invoice named its subscription, charge and payment intent at top level and
     * its lines carried a price object; a subscription had its period at top level.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> renderedIn(String apiVersion, Map<String, Object> object) {
        if (apiVersion.compareTo("2025-03-31") >= 0) {
            return object;
        }
        Map<String, Object> old = new LinkedHashMap<>(object);
        if ("invoice".equals(object.get("object"))) {
            Map<String, Object> parent = (Map<String, Object>) old.remove("parent");
            Object subscription = parent == null ? null
                    : ((Map<String, Object>) parent.get("subscription_details")).get("subscription");
            old.put("subscription", subscription);
            old.put("paid", "paid".equals(object.get("status")));
            old.put("payment_intent", null);
            old.put("charge", null);
            old.remove("payments");
            Map<String, Object> lines = new LinkedHashMap<>((Map<String, Object>) old.get("lines"));
            lines.put("data", ((List<Map<String, Object>>) lines.get("data")).stream().map(line -> {
                Map<String, Object> oldLine = new LinkedHashMap<>(line);
                Map<String, Object> pricing = (Map<String, Object>) oldLine.remove("pricing");
                oldLine.remove("parent");
                oldLine.put("price", Map.of("id", ((Map<String, Object>) pricing.get("price_details")).get("price"),
                        "object", "price"));
                oldLine.put("subscription", subscription);
                oldLine.put("type", "subscription");
                return oldLine;
            }).toList());
            old.put("lines", lines);
        } else if ("subscription".equals(object.get("object"))) {
            Map<String, Object> item = ((List<Map<String, Object>>) ((Map<String, Object>) object.get("items"))
                    .get("data")).get(0);
            old.put("current_period_start", item.get("current_period_start"));
            old.put("current_period_end", item.get("current_period_end"));
            old.put("plan", item.get("price"));
        }
        return old;
    }

    public static Map<String, Object> checkoutSession(String id, String userId, String customerId,
                                                      Object subscription, String paymentStatus) {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", id);
        session.put("object", "checkout.session");
        session.put("mode", "subscription");
        session.put("status", "complete");
        session.put("client_reference_id", userId);
        session.put("customer", customerId);
        session.put("subscription", subscription);
        session.put("payment_status", paymentStatus);
        session.put("metadata", userId == null ? Map.of() : Map.of("userId", userId));
        // the address Checkout collected
        session.put("customer_details", userId == null ? null : Map.of("email", userId + "@example.com"));
        return session;
    }

    public static Map<String, Object> subscription(String id, String customerId, String userId, String status,
                                                   String priceId, Instant start, Instant end,
                                                   boolean cancelAtPeriodEnd) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", "si_" + id);
        item.put("object", "subscription_item");
        item.put("current_period_start", start.getEpochSecond());
        item.put("current_period_end", end.getEpochSecond());
        item.put("price", Map.of("id", priceId, "object", "price", "currency", "usd"));
        item.put("quantity", 1);
        Map<String, Object> subscription = new LinkedHashMap<>();
        subscription.put("id", id);
        subscription.put("object", "subscription");
        subscription.put("customer", customerId);
        subscription.put("status", status);
        subscription.put("cancel_at_period_end", cancelAtPeriodEnd);
        subscription.put("metadata", userId == null ? Map.of() : Map.of("userId", userId));
        subscription.put("items", Map.of("object", "list", "data", List.of(item), "has_more", false,
                "url", "/v1/subscription_items?subscription=" + id));
        return subscription;
    }

    /**
     * An invoice; {@code subscriptionId} null makes a one-off invoice with no subscription
     * parent. A paid one was paid by {@code paymentIntentId}.
     */
    public record InvoiceSpec(String id, String customerId, String subscriptionId, String userId,
                              String billingReason, String status, long amount, String priceId, Instant start,
                              Instant end, long attemptCount, String paymentIntentId) {
    }

    /** The receipt Stripe hosts for a payment intent's charge. */
    public static String receiptUrl(String paymentIntentId) {
        return "https://pay.stripe.com/receipts/payment/" + paymentIntentId;
    }

    public static Map<String, Object> invoice(InvoiceSpec spec) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", "il_" + spec.id());
        line.put("object", "line_item");
        line.put("amount", spec.amount());
        line.put("currency", "usd");
        line.put("description", "1 × Plan (at " + spec.amount() + " / period)");
        line.put("period", Map.of("start", spec.start().getEpochSecond(), "end", spec.end().getEpochSecond()));
        line.put("pricing", Map.of("type", "price_details", "price_details",
                Map.of("price", spec.priceId(), "product", "prod_plan"), "unit_amount_decimal", "" + spec.amount()));
        if (spec.subscriptionId() != null) {
            line.put("parent", Map.of("type", "subscription_item_details", "subscription_item_details",
                    Map.of("subscription", spec.subscriptionId(), "subscription_item", "si_" + spec.subscriptionId(),
                            "proration", false)));
        }
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("id", spec.id());
        invoice.put("object", "invoice");
        invoice.put("customer", spec.customerId());
        invoice.put("customer_email", spec.userId() == null ? null : spec.userId() + "@example.com");
        invoice.put("status", spec.status());
        invoice.put("billing_reason", spec.billingReason());
        invoice.put("amount_due", spec.amount());
        invoice.put("amount_paid", "paid".equals(spec.status()) ? spec.amount() : 0);
        invoice.put("currency", "usd");
        invoice.put("created", spec.start().getEpochSecond());
        invoice.put("number", "INV-" + spec.id());
        invoice.put("hosted_invoice_url", "https://invoice.stripe.com/i/acct_test/" + spec.id());
        invoice.put("invoice_pdf", "https://pay.stripe.com/invoice/acct_test/" + spec.id() + "/pdf");
        invoice.put("attempt_count", spec.attemptCount());
        if (spec.subscriptionId() != null) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("subscription", spec.subscriptionId());
            details.put("metadata", spec.userId() == null ? Map.of() : Map.of("userId", spec.userId()));
            invoice.put("parent", Map.of("type", "subscription_details", "subscription_details", details));
        }
        invoice.put("lines", Map.of("object", "list", "data", List.of(line), "has_more", false,
                "url", "/v1/invoices/" + spec.id() + "/lines"));
        if ("paid".equals(spec.status()) && spec.paymentIntentId() != null) {
            invoice.put("payments", Map.of("object", "list", "has_more", false, "data", List.of(
                    invoicePayment(spec.id(), spec.paymentIntentId()))));
        }
        return invoice;
    }

    /**
     * The invoice as GET with expand[]=parent.subscription_details.subscription answers:
     * its subscription (when it has one and {@code subscription} is given) as the object.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> withSubscription(Map<String, Object> invoice, Map<String, Object> subscription) {
        Map<String, Object> expanded = new LinkedHashMap<>(invoice);
        Object parent = invoice.get("parent");
        if (parent != null && subscription != null) {
            Map<String, Object> details = new LinkedHashMap<>((Map<String, Object>) ((Map<String, Object>) parent)
                    .get("subscription_details"));
            details.put("subscription", subscription);
            expanded.put("parent", Map.of("type", "subscription_details", "subscription_details", details));
        }
        return expanded;
    }

    /** An invoice's payment, its payment intent expanded with the latest charge (for the receipt). */
    private static Map<String, Object> invoicePayment(String invoiceId, String paymentIntentId) {
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("id", "ch_" + paymentIntentId);
        charge.put("object", "charge");
        charge.put("receipt_url", receiptUrl(paymentIntentId));
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("id", paymentIntentId);
        intent.put("object", "payment_intent");
        intent.put("latest_charge", charge);
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("id", "inpay_" + invoiceId);
        payment.put("object", "invoice_payment");
        payment.put("invoice", invoiceId);
        payment.put("status", "paid");
        payment.put("is_default", true);
        payment.put("payment", Map.of("type", "payment_intent", "payment_intent", intent));
        return payment;
    }

    /** A payment intent with its latest charge expanded, as GET /v1/payment_intents/{id}?expand[]=latest_charge answers. */
    public static Map<String, Object> paymentIntent(Map<String, Object> latestCharge) {
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("id", latestCharge.get("payment_intent"));
        intent.put("object", "payment_intent");
        intent.put("amount", latestCharge.get("amount"));
        intent.put("currency", latestCharge.get("currency"));
        intent.put("status", "succeeded");
        intent.put("latest_charge", latestCharge);
        return intent;
    }

    public static Map<String, Object> charge(String id, String customerId, String paymentIntentId, long amount,
                                             long amountRefunded) {
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("id", id);
        charge.put("object", "charge");
        charge.put("customer", customerId);
        charge.put("amount", amount);
        charge.put("amount_refunded", amountRefunded);
        charge.put("currency", "usd");
        charge.put("payment_intent", paymentIntentId);
        charge.put("refunded", amountRefunded >= amount);
        return charge;
    }
}
