package dev.aibilling.domain.billing;

import java.util.Map;

/** A refund asked of the provider: {@code amount} in minor units of the payment intent's currency. */
public record RefundRequest(String paymentIntentId, long amount, RefundReason reason, Map<String, String> metadata) {
    public RefundRequest {
        metadata = Map.copyOf(metadata);
    }
}
