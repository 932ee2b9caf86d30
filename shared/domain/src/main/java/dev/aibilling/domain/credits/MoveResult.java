package dev.aibilling.domain.credits;

import java.time.Instant;

/**
 * What a keyed move (a consume, an admin adjustment) did: the ledger entry it wrote and
 * when; {@code amount} as the caller gave it. A replay returns the stored original with
 * {@code replayed} set. The balance is not part of it: knowing it would cost a second
 * DynamoDB request on every consume (GET /api/credits has it).
 */
public record MoveResult(String transactionId, String userId, long amount, String idempotencyKey,
                         Instant createdAt, boolean replayed) {

    public MoveResult asReplay() {
        return new MoveResult(transactionId, userId, amount, idempotencyKey, createdAt, true);
    }
}
