package dev.aibilling.domain.credits;

import java.time.Instant;

/**
 * What a consume did: the ledger entry it wrote and when. A replay returns the stored
 * original with {@code replayed} set. The balance is not part of it: knowing it would
 * cost a second DynamoDB request on every consume (GET /api/credits has it).
 */
public record ConsumeResult(String transactionId, String userId, long amount, String idempotencyKey,
                            Instant createdAt, boolean replayed) {

    public ConsumeResult asReplay() {
        return new ConsumeResult(transactionId, userId, amount, idempotencyKey, createdAt, true);
    }
}
