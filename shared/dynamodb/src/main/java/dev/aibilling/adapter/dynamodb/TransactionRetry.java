package dev.aibilling.adapter.dynamodb;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Retries a transaction cancelled by a TransactionConflict (another transaction held one
 * of its items). Only that reason: a failed condition is an answer, not a fault.
 */
final class TransactionRetry {
    static final int MAX_ATTEMPTS = 6;
    private static final long BASE_DELAY_MILLIS = 10;

    private TransactionRetry() {
    }

    static <T> T run(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (TransactionCanceledException e) {
                if (!isConflict(e) || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    static boolean isConflict(TransactionCanceledException e) {
        return e.hasCancellationReasons()
                && e.cancellationReasons().stream().map(CancellationReason::code).anyMatch("TransactionConflict"::equals);
    }

    private static void backOff(int attempt) {
        long ceiling = BASE_DELAY_MILLIS << attempt;
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while backing off a transaction conflict", e);
        }
    }
}
