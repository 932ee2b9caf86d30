package dev.aibilling.adapter.stripe;

import com.stripe.Stripe;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.InvoiceLineItem;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;
import com.stripe.net.ApiResource;
import dev.aibilling.domain.billing.BillingSignal;
import dev.aibilling.domain.plans.Money;
import java.time.Instant;
import java.util.Map;

/**
 * Reads a Stripe event in the shapes of the API version stripe-java pins (since 2025 an
 * invoice names its subscription under parent.subscription_details, and the line carries
 * price and period). An event of another version fails loudly: its message is retried and
 * ends in the DLQ, it is never skipped.
 */
public final class StripeEventTranslator {

    public record Translated(String type, BillingSignal signal) {
    }

    public Translated translate(String payload) {
        Event event = ApiResource.GSON.fromJson(payload, Event.class);
        String id = event.getId();
        String type = event.getType();
        BillingSignal signal = switch (type) {
            case "checkout.session.completed" -> checkout(id, object(event, Session.class));
            case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted" ->
                    new BillingSignal.SubscriptionChanged(id, object(event, com.stripe.model.Subscription.class).getId());
            case "invoice.payment_succeeded", "invoice.paid" ->
                    new BillingSignal.InvoiceSettled(id, true, invoice(object(event, Invoice.class)));
            case "invoice.payment_failed" -> new BillingSignal.InvoiceSettled(id, false, invoice(object(event, Invoice.class)));
            case "charge.refunded" -> refund(id, object(event, Charge.class));
            default -> new BillingSignal.Ignored(id, type);
        };
        return new Translated(type, signal);
    }

    private static BillingSignal checkout(String id, Session session) {
        if (!"subscription".equals(session.getMode())) {
            return new BillingSignal.Ignored(id, "checkout.session.completed (mode " + session.getMode() + ")");
        }
        String userId = session.getClientReferenceId();
        if (userId == null && session.getMetadata() != null) {
            userId = session.getMetadata().get("userId");
        }
        boolean paid = "paid".equals(session.getPaymentStatus()) || "no_payment_required".equals(session.getPaymentStatus());
        return new BillingSignal.CheckoutCompleted(id, userId, session.getCustomer(), session.getSubscription(), paid);
    }

    private static BillingSignal.Invoice invoice(Invoice invoice) {
        String subscriptionId = null;
        String userId = null;
        if (invoice.getParent() != null && invoice.getParent().getSubscriptionDetails() != null) {
            Invoice.Parent.SubscriptionDetails details = invoice.getParent().getSubscriptionDetails();
            subscriptionId = details.getSubscription();
            Map<String, String> metadata = details.getMetadata();
            userId = metadata == null ? null : metadata.get("userId");
        }
        InvoiceLineItem line = invoice.getLines() == null ? null : invoice.getLines().getData().stream()
                .filter(l -> l.getPricing() != null && l.getPricing().getPriceDetails() != null)
                .findFirst().orElse(null);
        long amount = "paid".equals(invoice.getStatus()) ? invoice.getAmountPaid() : invoice.getAmountDue();
        return new BillingSignal.Invoice(invoice.getId(), invoice.getCustomer(), subscriptionId, userId,
                invoice.getBillingReason(), new Money(amount, invoice.getCurrency()),
                line == null ? null : line.getPricing().getPriceDetails().getPrice(),
                line == null ? null : Instant.ofEpochSecond(line.getPeriod().getStart()),
                line == null ? null : Instant.ofEpochSecond(line.getPeriod().getEnd()),
                line != null && line.getDescription() != null ? line.getDescription() : "Invoice " + invoice.getNumber(),
                invoice.getHostedInvoiceUrl(), invoice.getInvoicePdf(), Instant.ofEpochSecond(invoice.getCreated()),
                invoice.getAttemptCount() == null ? 0 : invoice.getAttemptCount(),
                invoice.getNextPaymentAttempt() == null ? null : Instant.ofEpochSecond(invoice.getNextPaymentAttempt()));
    }

    private static BillingSignal refund(String id, Charge charge) {
        if (charge.getPaymentIntent() == null) {
            throw new IllegalStateException("Refunded charge " + charge.getId() + " has no payment intent");
        }
        return new BillingSignal.ChargeRefunded(id, charge.getPaymentIntent(),
                new Money(charge.getAmount(), charge.getCurrency()), charge.getAmountRefunded());
    }

    private static <T extends StripeObject> T object(Event event, Class<T> type) {
        StripeObject object = event.getDataObjectDeserializer().getObject().orElseThrow(() -> new IllegalStateException(
                "STRIPE_API_VERSION_MISMATCH: event " + event.getId() + " is rendered in API version "
                        + event.getApiVersion() + " but this build reads " + Stripe.API_VERSION
                        + "; create the webhook endpoint with api_version " + Stripe.API_VERSION));
        if (!type.isInstance(object)) {
            throw new IllegalStateException("Event " + event.getId() + " of type " + event.getType() + " carries a "
                    + object.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(object);
    }
}
