package dev.aibilling.adapter.http;

import dev.aibilling.domain.error.ErrorCode;

/** The one mapping of error codes to HTTP statuses. */
final class ErrorStatus {
    private ErrorStatus() {
    }

    static int of(ErrorCode code) {
        return switch (code) {
            case INVALID_JSON, INVALID_REQUEST, INVALID_SIGNATURE, LIVEMODE_MISMATCH, CONNECT_NOT_SUPPORTED, PLAN_NOT_AVAILABLE,
                 REFUND_EXCEEDS_PAYMENT, PAYMENT_NOT_REFUNDABLE -> 400;
            case UNAUTHORIZED -> 401;
            case INSUFFICIENT_CREDITS -> 402;
            case FORBIDDEN -> 403;
            case ROUTE_NOT_FOUND, NOT_FOUND -> 404;
            case IDEMPOTENCY_CONFLICT, SUBSCRIPTION_EXISTS, SUBSCRIPTION_ENDED -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case INTERNAL_ERROR -> 500;
            case PAYMENT_PROVIDER_UNAVAILABLE -> 502;
            case PAYMENT_PROVIDER_RATE_LIMITED, ENQUEUE_FAILED -> 503;
        };
    }
}
