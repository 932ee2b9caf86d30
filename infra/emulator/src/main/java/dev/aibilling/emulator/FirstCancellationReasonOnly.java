package dev.aibilling.emulator;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * DynamoDB and moto report every failed condition of a canceled transaction; a store that
 * stops at the first would report only that one. When on, this rewrites the real answer
 * that way (later failures read "None"), so the code that must not rely on a reason being
 * reported can be shown not to.
 */
public final class FirstCancellationReasonOnly implements ExecutionInterceptor {
    private static final String NONE = "None";
    private volatile boolean on;

    public void on(boolean on) {
        this.on = on;
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (!on || !(context.exception() instanceof TransactionCanceledException canceled)
                || !canceled.hasCancellationReasons()) {
            return context.exception();
        }
        List<CancellationReason> reasons = new ArrayList<>();
        boolean reported = false;
        for (CancellationReason reason : canceled.cancellationReasons()) {
            boolean failed = !NONE.equals(reason.code());
            reasons.add(failed && !reported ? reason : CancellationReason.builder().code(NONE).build());
            reported |= failed;
        }
        return canceled.toBuilder().cancellationReasons(reasons).build();
    }
}
