package dev.aibilling.error;

/**
 * Every failure a caller can be told about. The wire code is the lower-case name;
 * the HTTP status for each lives in one place, {@code dev.aibilling.http.ErrorStatus}.
 */
public enum ErrorCode {
    INVALID_JSON,
    INVALID_REQUEST,
    PAYLOAD_TOO_LARGE,
    UNAUTHORIZED,
    ROUTE_NOT_FOUND,
    INSUFFICIENT_CREDITS,
    IDEMPOTENCY_CONFLICT,
    INTERNAL_ERROR;

    public String wireCode() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
