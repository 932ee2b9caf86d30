package dev.aibilling.domain.billing;

import java.time.Instant;

/**
 * Port to the record of provider events already processed. Every effect is idempotent on
 * its own (keyed by provider ids, conditional writes); this record lets a redelivery skip
 * the work, and it is written last, so an event that failed halfway is processed again.
 */
public interface ProcessedSignals {
    boolean isProcessed(String signalId);

    void markProcessed(String signalId, String kind, Instant now);
}
