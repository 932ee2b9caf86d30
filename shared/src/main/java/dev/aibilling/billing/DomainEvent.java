package dev.aibilling.billing;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fact other systems may react to (README, "Domain events"). {@code id} is derived from
 * what happened, not from the delivery, so a consumer can drop the rare duplicate.
 */
public record DomainEvent(String type, String id, String userId, Instant occurredAt, Map<String, Object> detail) {
    public static final String PAYMENT_SUCCEEDED = "PaymentSucceeded";
    public static final String PAYMENT_FAILED = "PaymentFailed";
    public static final String PAYMENT_REFUNDED = "PaymentRefunded";
    public static final String CREDITS_GRANTED = "CreditsGranted";
    public static final String SUBSCRIPTION_CHANGED = "SubscriptionChanged";

    public DomainEvent {
        // not Map.copyOf: absent values (e.g. no next payment attempt) are published as null
        detail = Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    }
}
