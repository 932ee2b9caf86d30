package dev.aibilling.http;

import dev.aibilling.error.ErrorCode;

/** The one mapping of error codes to HTTP statuses. */
final class ErrorStatus {
    private ErrorStatus() {
    }

    static int of(ErrorCode code) {
        return switch (code) {
            case INVALID_JSON, INVALID_REQUEST -> 400;
            case UNAUTHORIZED -> 401;
            case INSUFFICIENT_CREDITS -> 402;
            case ROUTE_NOT_FOUND -> 404;
            case IDEMPOTENCY_CONFLICT -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case INTERNAL_ERROR -> 500;
        };
    }
}
