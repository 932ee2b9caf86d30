package dev.aibilling.domain.credits;

import java.time.Instant;
import java.util.Map;

/** One balance change. The account's balance always equals the sum of its entries' deltas. */
public record LedgerEntry(String entryId, String userId, LedgerEntryType type, long delta, String description,
                          String reference, Map<String, String> metadata, Instant createdAt) {
    public LedgerEntry {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
