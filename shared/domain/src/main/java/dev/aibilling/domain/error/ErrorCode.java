package dev.aibilling.domain.error;

import java.util.Locale;

/**
 * Every failure a caller can be told about. The wire code is the lower-case name;
 * the HTTP status for each lives in one place, {@code dev.aibilling.adapter.http.ErrorStatus}.
 */
public enum ErrorCode {
    INVALID_JSON,
    INVALID_REQUEST,
    INVALID_SIGNATURE,
    LIVEMODE_MISMATCH,
    PLAN_NOT_AVAILABLE,
    PAYLOAD_TOO_LARGE,
    UNAUTHORIZED,
    ROUTE_NOT_FOUND,
    INSUFFICIENT_CREDITS,
    IDEMPOTENCY_CONFLICT,
    SUBSCRIPTION_EXISTS,
    /** Stripe could not be reached or failed; the caller may retry. */
    PAYMENT_PROVIDER_UNAVAILABLE,
    /** Stripe rate-limited us; details carry retryAfterSeconds. */
    PAYMENT_PROVIDER_RATE_LIMITED,
    /** The queue did not accept a webhook; Stripe will deliver it again. */
    ENQUEUE_FAILED,
    INTERNAL_ERROR;

    public String wireCode() {
        return name().toLowerCase(Locale.ROOT);
    }
}
