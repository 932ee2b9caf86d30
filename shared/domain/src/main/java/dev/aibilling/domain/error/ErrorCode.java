package dev.aibilling.domain.error;

import java.util.Locale;

/**
 * Every failure a caller can be told about. The wire code is the lower-case name;
 * the HTTP status for each lives in one place, the HTTP adapter's {@code ErrorStatus}.
 */
public enum ErrorCode {
    INVALID_JSON,
    INVALID_REQUEST,
    INVALID_SIGNATURE,
    LIVEMODE_MISMATCH,
    /** A Stripe Connect account's event reached an endpoint that bills only the platform's own customers. */
    CONNECT_NOT_SUPPORTED,
    PLAN_NOT_AVAILABLE,
    /** A refund larger than what remains of the payment. */
    REFUND_EXCEEDS_PAYMENT,
    /** A failed payment, or one without a card payment to refund. */
    PAYMENT_NOT_REFUNDABLE,
    PAYLOAD_TOO_LARGE,
    UNAUTHORIZED,
    /** Signed in, but not allowed (an admin route without the admin group). */
    FORBIDDEN,
    ROUTE_NOT_FOUND,
    /** No such subscription, payment or billing account for this caller. */
    NOT_FOUND,
    INSUFFICIENT_CREDITS,
    IDEMPOTENCY_CONFLICT,
    SUBSCRIPTION_EXISTS,
    /** The subscription has ended; it cannot be resumed or changed. */
    SUBSCRIPTION_ENDED,
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
