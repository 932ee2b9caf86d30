package dev.aibilling.domain.error;

import java.util.Map;

/**
 * The one error type. A code the caller can act on, a message a person can read, and
 * optional details (e.g. the current balance on insufficient credits). Messages never
 * carry secrets or request bodies.
 */
public final class BillingException extends RuntimeException {
    /** A detail that tells the caller when to try again; the HTTP adapter also sends it as Retry-After. */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    private final ErrorCode code;
    private final Map<String, Object> details;

    public BillingException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public BillingException(ErrorCode code, String message, Map<String, Object> details) {
        super(message);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public static BillingException invalid(String message) {
        return new BillingException(ErrorCode.INVALID_REQUEST, message);
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
