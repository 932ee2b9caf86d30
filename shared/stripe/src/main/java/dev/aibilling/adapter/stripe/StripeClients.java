package dev.aibilling.adapter.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.secrets.Secrets;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one way to reach Stripe: a client built on first use (the secret key is read then,
 * never at init, so a SnapStart snapshot never holds it) and rebuilt when the key rotates,
 * with network retries; and the one mapping of Stripe's failures to BillingExceptions,
 * which name Stripe's request id, never the key or the payload.
 */
public final class StripeClients {
    public static final String SECRET_KEY = "STRIPE_SECRET_KEY";
    public static final String API_BASE = "STRIPE_API_BASE";
    static final int RATE_LIMIT_RETRY_AFTER_SECONDS = 2;
    private static final int NETWORK_RETRIES = 2;

    private StripeClients() {
    }

    public static Supplier<StripeClient> fromConfig(Config config, Secrets secrets) {
        Optional<String> apiBase = config.optional(API_BASE);
        return new Supplier<>() {
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
        };
    }

    interface StripeCall<T> {
        T run() throws StripeException;
    }

    static <T> T call(StripeCall<T> call) {
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
