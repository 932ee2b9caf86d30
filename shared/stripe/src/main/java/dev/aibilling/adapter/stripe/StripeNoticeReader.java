package dev.aibilling.adapter.stripe;

import com.stripe.StripeClient;
import com.stripe.model.Charge;
import com.stripe.model.Invoice;
import com.stripe.model.InvoiceLineItem;
import com.stripe.model.InvoicePayment;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.param.InvoiceRetrieveParams;
import com.stripe.param.checkout.SessionRetrieveParams;
import dev.aibilling.domain.billing.BillingSignal;
import dev.aibilling.domain.billing.Notice;
import dev.aibilling.domain.billing.NoticeReader;
import dev.aibilling.domain.plans.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the object a Stripe event names, with the API version stripe-java pins, in one
 * request per event: a checkout session with its subscription expanded, a subscription,
 * an invoice with its subscription and its payments (payment intent and latest charge,
 * for the receipt) expanded, or a charge. Nothing but ids is taken from the event itself, so events
 * rendered in any API version are read the same.
 */
public final class StripeNoticeReader implements NoticeReader {
    /** The event types billing acts on: the webhook endpoint subscribes to exactly these. */
    public static final List<String> HANDLED_TYPES = List.of("checkout.session.completed",
            "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
            "invoice.paid", "invoice.payment_failed", "invoice.payment_succeeded", "charge.refunded");
    private static final String PAID_BY = "payments.data.payment.payment_intent.latest_charge";
    private static final String SUBSCRIPTION = "parent.subscription_details.subscription";

    private final Supplier<StripeClient> client;

    public StripeNoticeReader(Supplier<StripeClient> client) {
        this.client = client;
    }

    @Override
    public boolean reads(String type) {
        return HANDLED_TYPES.contains(type);
    }

    @Override
    public BillingSignal read(Notice notice) {
        String id = notice.objectId();
        if (id == null) {
            throw new IllegalStateException("Event " + notice.id() + " of type " + notice.type() + " names no object");
        }
        return switch (notice.type()) {
            case "checkout.session.completed" -> checkout(notice.id(), StripeClients.call(() -> client.get().v1()
                    .checkout().sessions().retrieve(id, SessionRetrieveParams.builder().addExpand("subscription")
                            .build())));
            case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted" ->
                    new BillingSignal.SubscriptionChanged(notice.id(), StripeSnapshots.subscription(
                            StripeClients.call(() -> client.get().v1().subscriptions().retrieve(id))));
            case "invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed" ->
                    new BillingSignal.InvoiceSettled(notice.id(), notice.type().equals("invoice.payment_failed"),
                            invoice(StripeClients.call(() -> client.get().v1().invoices().retrieve(id,
                                    InvoiceRetrieveParams.builder().addExpand(PAID_BY).addExpand(SUBSCRIPTION)
                                            .build()))));
            case "charge.refunded" -> refund(notice.id(), StripeClients.call(() -> client.get().v1().charges()
                    .retrieve(id)));
            default -> throw new IllegalArgumentException("Not a type billing reads: " + notice.type());
        };
    }

    private static BillingSignal checkout(String noticeId, Session session) {
        if (!"subscription".equals(session.getMode())) {
            return new BillingSignal.Ignored(noticeId, session.getCustomer(), "checkout in " + session.getMode()
                    + " mode");
        }
        Map<String, String> metadata = session.getMetadata();
        boolean paid = "paid".equals(session.getPaymentStatus())
                || "no_payment_required".equals(session.getPaymentStatus());
        return new BillingSignal.CheckoutCompleted(noticeId, session.getCustomer(), session.getClientReferenceId(),
                metadata == null ? null : metadata.get(StripeSnapshots.USER_ID),
                session.getSubscriptionObject() == null ? null
                        : StripeSnapshots.subscription(session.getSubscriptionObject()), paid,
                session.getCustomerDetails() == null ? null : session.getCustomerDetails().getEmail());
    }

    /** Since the 2025 versions an invoice names its subscription under parent, and the line carries price and period. */
    private static BillingSignal.Invoice invoice(Invoice invoice) {
        Invoice.Parent.SubscriptionDetails details = invoice.getParent() == null ? null
                : invoice.getParent().getSubscriptionDetails();
        String subscriptionId = details == null ? null : details.getSubscription();
        Subscription subscription = details == null ? null : details.getSubscriptionObject();
        InvoiceLineItem line = invoice.getLines() == null ? null : invoice.getLines().getData().stream()
                .filter(l -> l.getPricing() != null && l.getPricing().getPriceDetails() != null)
                .findFirst().orElse(null);
        boolean paid = "paid".equals(invoice.getStatus());
        Optional<InvoicePayment.Payment> paidBy = paid ? payment(invoice) : Optional.empty();
        long amount = paid ? invoice.getAmountPaid() : invoice.getAmountDue();
        return new BillingSignal.Invoice(invoice.getId(), invoice.getCustomer(), invoice.getCustomerEmail(),
                subscriptionId,
                invoice.getBillingReason(), paid, new Money(amount, invoice.getCurrency()),
                line == null ? null : line.getPricing().getPriceDetails().getPrice(),
                line == null ? null : Instant.ofEpochSecond(line.getPeriod().getStart()),
                line == null ? null : Instant.ofEpochSecond(line.getPeriod().getEnd()),
                line != null && line.getDescription() != null ? line.getDescription() : "Invoice " + invoice.getNumber(),
                invoice.getHostedInvoiceUrl(), invoice.getInvoicePdf(),
                paidBy.map(InvoicePayment.Payment::getPaymentIntent).orElse(null),
                paidBy.map(InvoicePayment.Payment::getPaymentIntentObject).map(PaymentIntent::getLatestChargeObject)
                        .map(Charge::getReceiptUrl).orElse(null),
                Instant.ofEpochSecond(invoice.getCreated()),
                invoice.getAttemptCount() == null ? 0 : invoice.getAttemptCount(),
                invoice.getNextPaymentAttempt() == null ? null : Instant.ofEpochSecond(invoice.getNextPaymentAttempt()),
                subscription == null ? null : StripeSnapshots.subscription(subscription));
    }

    /** The invoice's paid payment: its payment intent, expanded with its latest charge (the receipt). */
    private static Optional<InvoicePayment.Payment> payment(Invoice invoice) {
        if (invoice.getPayments() == null || invoice.getPayments().getData() == null) {
            return Optional.empty();
        }
        return invoice.getPayments().getData().stream()
                .filter(p -> "paid".equals(p.getStatus()) && p.getPayment() != null
                        && p.getPayment().getPaymentIntent() != null)
                .map(InvoicePayment::getPayment)
                .findFirst();
    }

    private static BillingSignal refund(String noticeId, Charge charge) {
        if (charge.getPaymentIntent() == null) {
            throw new IllegalStateException("Refunded charge " + charge.getId() + " has no payment intent");
        }
        return new BillingSignal.ChargeRefunded(noticeId, charge.getCustomer(), charge.getPaymentIntent(),
                new Money(charge.getAmount(), charge.getCurrency()), charge.getAmountRefunded());
    }
}
