package dev.aibilling.adapter.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Charge;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
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
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Stripe behind the PaymentProvider port. Every call that changes something carries an
 * idempotency key built from our ids; failures become BillingExceptions
 * ({@link StripeClients#call}).
 */
public final class StripePaymentProvider implements PaymentProvider {
    /** The billing-portal configuration infra/stripe-setup.sh made (optional: Stripe's default otherwise). */
    public static final String PORTAL_CONFIGURATION = "STRIPE_PORTAL_CONFIGURATION_ID";

    private final Supplier<StripeClient> client;
    private final String portalConfiguration;

    public StripePaymentProvider(Supplier<StripeClient> client, String portalConfiguration) {
        this.client = client;
        this.portalConfiguration = portalConfiguration;
    }

    public static StripePaymentProvider fromConfig(Config config, Secrets secrets) {
        return new StripePaymentProvider(StripeClients.fromConfig(config, secrets),
                config.optional(PORTAL_CONFIGURATION).orElse(null));
    }

    @Override
    public String ensureCustomer(String userId) {
        return StripeClients.call(() -> client.get().v1().customers().create(
                CustomerCreateParams.builder().putMetadata(StripeSnapshots.USER_ID, userId).build(),
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
        return StripeClients.call(() -> {
            com.stripe.model.checkout.Session session = client.get().v1().checkout().sessions().create(params);
            return new CheckoutSession(session.getId(), session.getUrl(), request.priceId(),
                    Instant.ofEpochSecond(session.getCreated()), Instant.ofEpochSecond(session.getExpiresAt()));
        });
    }

    @Override
    public boolean expireCheckoutSession(String sessionId) {
        RequestOptions options = RequestOptions.builder().setIdempotencyKey("checkout-expire-" + sessionId).build();
        return StripeClients.call(() -> {
            try {
                client.get().v1().checkout().sessions().expire(sessionId, options);
                return true;
            } catch (InvalidRequestException e) {
                if (e.getStatusCode() != null && e.getStatusCode() == 400) {
                    // only an open session can be expired: this one was paid, or had expired already
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public SubscriptionSnapshot subscription(String subscriptionId) {
        return StripeSnapshots.subscription(StripeClients.call(
                () -> client.get().v1().subscriptions().retrieve(subscriptionId)));
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
        return StripeClients.call(() -> {
            try {
                return StripeSnapshots.subscription(client.get().v1().subscriptions().update(update.subscriptionId(),
                        params.build(), RequestOptions.builder().setIdempotencyKey(idempotencyKey).build()));
            } catch (InvalidRequestException refused) {
                // Stripe refuses (400) to change a subscription that has ended, and our record may not
                // know yet (its deletion event is still on the way): its ended state is then the answer.
                SubscriptionSnapshot now = subscription(update.subscriptionId());
                if (now.status().terminal()) {
                    return now;
                }
                throw refused;
            }
        });
    }

    @Override
    public String billingPortalUrl(String customerId, String returnUrl) {
        com.stripe.param.billingportal.SessionCreateParams.Builder params =
                com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(customerId)
                        .setReturnUrl(returnUrl);
        if (portalConfiguration != null) {
            params.setConfiguration(portalConfiguration);
        }
        return StripeClients.call(() -> client.get().v1().billingPortal().sessions().create(params.build())).getUrl();
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
        Refund refund = StripeClients.call(() -> {
            try {
                return client.get().v1().refunds().create(params.build(),
                        RequestOptions.builder().setIdempotencyKey(idempotencyKey).build());
            } catch (InvalidRequestException refused) {
                // Stripe refuses (400) more than is left of the charge; refunds made in the dashboard
                // that our record has not seen yet explain that: say what the charge has refunded.
                Charge charge = client.get().v1().paymentIntents().retrieve(request.paymentIntentId(),
                        PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build()).getLatestChargeObject();
                if (charge != null && charge.getAmount() - charge.getAmountRefunded() < request.amount()) {
                    throw new BillingException(ErrorCode.REFUND_EXCEEDS_PAYMENT, "The charge has "
                            + (charge.getAmount() - charge.getAmountRefunded()) + " left to refund",
                            Map.of(PaymentProvider.CHARGE_AMOUNT_REFUNDED, charge.getAmountRefunded()));
                }
                throw refused;
            }
        });
        Charge charge = refund.getChargeObject();
        if (charge == null) {
            throw new IllegalStateException("Refund " + refund.getId() + " came back without its charge");
        }
        return new RefundResult(refund.getId(), refund.getStatus(), charge.getAmountRefunded(),
                Instant.ofEpochSecond(refund.getCreated()));
    }

    private static Map<String, String> tags(CheckoutRequest request) {
        return Map.of(StripeSnapshots.USER_ID, request.userId(), "planId", request.planId(), "billingCycle",
                request.cycle().wireName());
    }
}
