package dev.aibilling.domain.credits;

import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.limits.Limits;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trusted caller's request to draw credits for one AI operation. Valid by construction.
 * {@code caller} is the authenticated backend (its IAM identity); it is recorded in the
 * ledger entry's metadata under {@link #CALLER}, which a request's own metadata may not use.
 */
public record ConsumeRequest(String userId, long amount, String idempotencyKey, String description,
                             Map<String, String> metadata, String caller) {
    public static final String CALLER = "caller";

    public ConsumeRequest {
        Limits.userId(userId);
        Limits.consumeAmount(amount);
        Limits.idempotencyKey(idempotencyKey);
        Limits.description(description);
        metadata = Limits.metadata(metadata == null ? Map.of() : metadata);
        if (metadata.containsKey(CALLER)) {
            throw BillingException.invalid("metadata key '" + CALLER + "' is reserved: the caller is recorded by us");
        }
        Objects.requireNonNull(caller, "caller");
    }

    /**
     * Every parameter, the caller included: a replay must match it exactly; anything else
     * under the same key, another caller's included, is a conflict.
     */
    public String fingerprint() {
        return Fingerprint.of(List.of(userId, Long.toString(amount), description, caller), metadata);
    }

    /** The metadata the ledger entry records: the request's, and who asked. */
    Map<String, String> entryMetadata() {
        Map<String, String> recorded = new HashMap<>(metadata);
        recorded.put(CALLER, caller);
        return recorded;
    }

    KeyedMove move() {
        return new KeyedMove(KeyedMove.KeySpace.CONSUME, idempotencyKey, userId, amount, -amount, fingerprint());
    }
}
