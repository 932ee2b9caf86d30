package dev.aibilling.domain.credits;

import dev.aibilling.domain.limits.Limits;
import java.util.List;
import java.util.Map;

/** A trusted caller's request to draw credits for one AI operation. Valid by construction. */
public record ConsumeRequest(String userId, long amount, String idempotencyKey, String description,
                             Map<String, String> metadata) {

    public ConsumeRequest {
        Limits.userId(userId);
        Limits.consumeAmount(amount);
        Limits.idempotencyKey(idempotencyKey);
        Limits.description(description);
        metadata = Limits.metadata(metadata == null ? Map.of() : metadata);
    }

    /** Every parameter: a replay must match it exactly, anything else under the same key is a conflict. */
    public String fingerprint() {
        return Fingerprint.of(List.of(userId, Long.toString(amount), description), metadata);
    }

    KeyedMove move() {
        return new KeyedMove(KeyedMove.KeySpace.CONSUME, idempotencyKey, userId, amount, -amount, fingerprint());
    }
}
