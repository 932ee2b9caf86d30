package dev.aibilling.adapter.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.InvoicePayment;
import com.stripe.model.Refund;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.InvoicePaymentListParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.secrets.Secrets;
import dev.aibilling.domain.billing.CheckoutRequest;
import dev.aibilling.domain.billing.CheckoutSession;
import dev.aibilling.domain.billing.PaymentProvider;
import dev.aibilling.domain.billing.RefundRequest;
import dev.aibilling.domain.billing.RefundResult;
import dev.aibilling.domain.billing.SubscriptionUpdate;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import dev.aibilling.domain.subscriptions.SubscriptionSnapshot;
import dev.aibilling.domain.subscriptions.SubscriptionStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Stripe behind the PaymentProvider port. Creating calls carry idempotency keys built from
 * our ids; the client retries network failures itself. Every failure becomes a
 * BillingException that names Stripe's request id, never the key or the payload.
 */
public final class StripePaymentProvider implements PaymentProvider {
    public static final String SECRET_KEY = "STRIPE_SECRET_KEY";
    public static final String API_BASE = "STRIPE_API_BASE";
    private static final int NETWORK_RETRIES = 2;
    private static final int RATE_LIMIT_RETRY_AFTER_SECONDS = 2;

    private final Supplier<StripeClient> client;

    public StripePaymentProvider(Supplier<StripeClient> client) {
        this.client = client;
    }

    /** The secret key is read on first use (never at init) and the client rebuilt when it rotates. */
    public static StripePaymentProvider fromConfig(Config config, Secrets secrets) {
        Optional<String> apiBase = config.optional(API_BASE);
        return new StripePaymentProvider(new Supplier<>() {
            private String key;
            private StripeClient built;

            @Override
            public synchronized StripeClient get() {
                String current = secrets.get(SECRET_KEY);
                if (built == null || !current.equals(key)) {
                    StripeClient.StripeClientBuilder builder = StripeClient.builder()
                            .setApiKey(current)
                            .setMaxNetworkRetries(NETWORK_RETRIES)
                            .setConnectTimeout(3_000)
                            .setReadTimeout(10_000);
                    apiBase.ifPresent(builder::setApiBase);
                    built = builder.build();
                    key = current;
                }
                return built;
            }
        });
    }

    @Override
    public String ensureCustomer(String userId) {
        return call(() -> client.get().v1().customers().create(
                CustomerCreateParams.builder().putMetadata("userId", userId).build(),
                RequestOptions.builder().setIdempotencyKey("customer-" + userId).build()).getId());
    }

    @Override
    public CheckoutSession createCheckoutSession(CheckoutRequest request) {
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(request.customerId())
                .setClientReferenceId(request.userId())
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(request.priceId()).setQuantity(1L).build())
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
                        .putAllMetadata(tags(request)).build())
                .putAllMetadata(tags(request))
                .setSuccessUrl(request.successUrl())
                .setCancelUrl(request.cancelUrl())
                .build();
        return call(() -> {
            com.stripe.model.checkout.Session session = client.get().v1().checkout().sessions().create(params);
            return new CheckoutSession(session.getId(), session.getUrl());
        });
    }

    @Override
    public SubscriptionSnapshot subscription(String subscriptionId) {
        return snapshot(call(() -> client.get().v1().subscriptions().retrieve(subscriptionId)));
    }

    @Override
    public SubscriptionSnapshot updateSubscription(SubscriptionUpdate update, String idempotencyKey) {
        SubscriptionUpdateParams.Builder params = SubscriptionUpdateParams.builder();
        if (update.priceId() != null) {
            params.addItem(SubscriptionUpdateParams.Item.builder().setId(update.itemId()).setPrice(update.priceId())
                            .build())
                    .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.CREATE_PRORATIONS);
        } else {
            params.setCancelAtPeriodEnd(update.cancelAtPeriodEnd());
        }
        return snapshot(call(() -> client.get().v1().subscriptions().update(update.subscriptionId(), params.build(),
                RequestOptions.builder().setIdempotencyKey(idempotencyKey).build())));
    }

    @Override
    public String billingPortalUrl(String customerId, String returnUrl) {
        return call(() -> client.get().v1().billingPortal().sessions().create(
                com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(customerId)
                        .setReturnUrl(returnUrl).build())).getUrl();
    }

    /** The charge is expanded so the refunded total comes back in this one request. */
    @Override
    public RefundResult refund(RefundRequest request, String idempotencyKey) {
        RefundCreateParams.Builder params = RefundCreateParams.builder()
                .setPaymentIntent(request.paymentIntentId())
                .setAmount(request.amount())
                .putAllMetadata(request.metadata())
                .addExpand("charge");
        if (request.reason() != null) {
            params.setReason(RefundCreateParams.Reason.valueOf(request.reason().name()));
        }
        Refund refund = call(() -> client.get().v1().refunds().create(params.build(),
                RequestOptions.builder().setIdempotencyKey(idempotencyKey).build()));
        Charge charge = refund.getChargeObject();
        if (charge == null) {
            throw new IllegalStateException("Refund " + refund.getId() + " came back without its charge");
        }
        return new RefundResult(refund.getId(), refund.getStatus(), charge.getAmountRefunded(),
                Instant.ofEpochSecond(refund.getCreated()));
    }

    private static SubscriptionSnapshot snapshot(Subscription subscription) {
        SubscriptionItem item = subscription.getItems().getData().get(0);
        Map<String, String> metadata = subscription.getMetadata();
        return new SubscriptionSnapshot(subscription.getId(), subscription.getCustomer(),
                metadata == null ? null : metadata.get("userId"), SubscriptionStatus.of(subscription.getStatus()),
                item.getPrice().getId(), item.getId(), Instant.ofEpochSecond(item.getCurrentPeriodStart()),
                Instant.ofEpochSecond(item.getCurrentPeriodEnd()),
                Boolean.TRUE.equals(subscription.getCancelAtPeriodEnd()));
    }

    @Override
    public Optional<String> paymentIntentOfInvoice(String invoiceId) {
        return call(() -> client.get().v1().invoicePayments()
                .list(InvoicePaymentListParams.builder().setInvoice(invoiceId).build()))
                .getData().stream()
                .filter(p -> "paid".equals(p.getStatus()) && p.getPayment() != null)
                .map(InvoicePayment::getPayment)
                .map(InvoicePayment.Payment::getPaymentIntent)
                .filter(id -> id != null)
                .findFirst();
    }

    private static Map<String, String> tags(CheckoutRequest request) {
        return Map.of("userId", request.userId(), "planId", request.planId(), "billingCycle",
                request.cycle().wireName());
    }

    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    private static <T> T call(StripeCall<T> call) {
        try {
            return call.run();
        } catch (IdempotencyException e) {
            throw new BillingException(ErrorCode.IDEMPOTENCY_CONFLICT, "Stripe saw this idempotency key with other "
                    + "parameters (Stripe request " + e.getRequestId() + ")");
        } catch (RateLimitException e) {
            throw new BillingException(ErrorCode.PAYMENT_PROVIDER_RATE_LIMITED,
                    "Stripe is rate limiting requests; retry shortly (Stripe request " + e.getRequestId() + ")",
                    Map.of(BillingException.RETRY_AFTER_SECONDS, RATE_LIMIT_RETRY_AFTER_SECONDS));
        } catch (StripeException e) {
            throw new BillingException(ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE, "Stripe failed: "
                    + e.getClass().getSimpleName() + " " + e.getStatusCode() + " (Stripe request " + e.getRequestId() + ")");
        }
    }
}
