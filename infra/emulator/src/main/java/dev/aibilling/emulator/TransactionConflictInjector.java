package dev.aibilling.emulator;

import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * moto never reports TransactionConflict; DynamoDB does when two transactions touch one
 * item at once. This cancels the next N TransactWriteItems calls that way, before they
 * are sent, so nothing reaches the table.
 */
public final class TransactionConflictInjector implements ExecutionInterceptor {
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();

    public void conflictNext(int calls) {
        remaining.set(calls);
    }

    public int injected() {
        return injected.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof TransactWriteItemsRequest request
                && remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            injected.incrementAndGet();
            throw conflict(request);
        }
    }

    /** What DynamoDB answers a transaction that met another on one of its items. */
    static TransactionCanceledException conflict(TransactWriteItemsRequest request) {
        CancellationReason conflict = CancellationReason.builder().code("TransactionConflict")
                .message("Transaction is ongoing for the item").build();
        return TransactionCanceledException.builder()
                .message("Transaction cancelled (injected)")
                .cancellationReasons(Collections.nCopies(request.transactItems().size(), conflict))
                .build();
    }
}
