package dev.aibilling.domain.credits;

import java.util.Objects;

/**
 * A balance move a caller asked for under an idempotency key: applied once, with the key
 * remembered with the request's fingerprint, so a replay answers the original and the
 * same key with other parameters is a conflict. A negative {@code delta} never takes the
 * balance below zero.
 */
public record KeyedMove(KeySpace space, String key, String userId, long amount, long delta, String fingerprint) {
    /** Keys of different kinds of request never collide. */
    public enum KeySpace { CONSUME, ADJUSTMENT }

    public KeyedMove {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (delta == 0) {
            throw new IllegalArgumentException("A move moves the balance");
        }
    }
}
