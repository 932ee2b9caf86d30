package dev.aibilling.domain.credits;

import dev.aibilling.domain.limits.Limits;
import java.util.List;
import java.util.Map;

/**
 * An admin's support grant ({@code amount} > 0) or negative adjustment ({@code amount} < 0),
 * under the admin's idempotency key. Valid by construction.
 */
public record AdjustmentRequest(String userId, long amount, String reason, String idempotencyKey, String adminId) {

    public AdjustmentRequest {
        Limits.userId(userId);
        Limits.adjustmentAmount(amount);
        Limits.text("reason", reason, Limits.MAX_DESCRIPTION_LENGTH);
        Limits.idempotencyKey(idempotencyKey);
        Limits.userId(adminId);
    }

    /** The admin is part of it: another admin reusing the key is a conflict, not a replay. */
    public String fingerprint() {
        return Fingerprint.of(List.of(userId, Long.toString(amount), reason, adminId), Map.of());
    }

    KeyedMove move() {
        return new KeyedMove(KeyedMove.KeySpace.ADJUSTMENT, idempotencyKey, userId, amount, amount, fingerprint());
    }
}
