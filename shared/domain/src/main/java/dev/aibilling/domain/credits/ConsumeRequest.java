package dev.aibilling.domain.credits;

import dev.aibilling.domain.limits.Limits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

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

    /**
     * A digest of every parameter, stored with the idempotency key: a replay must match it
     * exactly, anything else under the same key is a conflict.
     */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder()
                .append(userId).append('\n').append(amount).append('\n').append(description);
        new TreeMap<>(metadata).forEach((key, value) -> canonical.append('\n').append(key).append('=').append(value));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
