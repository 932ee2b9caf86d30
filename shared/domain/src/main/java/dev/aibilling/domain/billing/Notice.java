package dev.aibilling.domain.billing;

import java.time.Instant;
import java.util.Objects;

/**
 * What the payment provider told us happened, before we read the object it names: the
 * only part of an event every API version agrees on (its id, type and time, and the id
 * and kind of the object). The object itself is read from the provider, in the version
 * this build speaks, so the account's API version never matters.
 */
public record Notice(String id, String type, Instant created, String objectId, String objectType) {
    public Notice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
    }
}
