package dev.aibilling.domain.reconcile;

import java.util.Optional;

/** Port to the reconciler's one state record. */
public interface ReconcileStateStore {
    ReconcileState load();

    /**
     * Stores {@code next} if the stored version is still {@code next.version()}, and returns
     * it as stored (its version one higher); empty if another run saved meanwhile.
     */
    Optional<ReconcileState> save(ReconcileState next);
}
