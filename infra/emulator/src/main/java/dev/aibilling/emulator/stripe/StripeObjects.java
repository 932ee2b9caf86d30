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
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("object", "event");
        event.put("api_version", apiVersion);
        event.put("created", Instant.now().getEpochSecond());
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        event.put("request", Map.of("idempotency_key", "", "id", ""));
        event.put("type", type);
        event.put("data", Map.of("object", object));
        return json(event);
    }

    public static Map<String, Object> checkoutSession(String id, String userId, String customerId,
                                                      String subscriptionId, String paymentStatus) {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", id);
        session.put("object", "checkout.session");
        session.put("mode", "subscription");
        session.put("status", "complete");
        session.put("client_reference_id", userId);
        session.put("customer", customerId);
        session.put("subscription", subscriptionId);
        session.put("payment_status", paymentStatus);
        session.put("metadata", Map.of("userId", userId));
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

    /** An invoice; {@code subscriptionId} null makes a one-off invoice with no subscription parent. */
    public record InvoiceSpec(String id, String customerId, String subscriptionId, String userId,
                              String billingReason, String status, long amount, String priceId, Instant start,
                              Instant end, long attemptCount) {
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
        return invoice;
    }

    public static Map<String, Object> charge(String id, String paymentIntentId, long amount, long amountRefunded) {
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("id", id);
        charge.put("object", "charge");
        charge.put("amount", amount);
        charge.put("amount_refunded", amountRefunded);
        charge.put("currency", "usd");
        charge.put("payment_intent", paymentIntentId);
        charge.put("refunded", amountRefunded >= amount);
        return charge;
    }

    public static String invoicePayments(String invoiceId, String paymentIntentId) {
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("id", "inpay_" + invoiceId);
        payment.put("object", "invoice_payment");
        payment.put("invoice", invoiceId);
        payment.put("status", "paid");
        payment.put("currency", "usd");
        payment.put("is_default", true);
        payment.put("payment", Map.of("type", "payment_intent", "payment_intent", paymentIntentId));
        return json(Map.of("object", "list", "data", List.of(payment), "has_more", false,
                "url", "/v1/invoice_payments"));
    }
}
