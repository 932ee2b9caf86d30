package dev.aibilling.domain.reconcile;

import java.time.Instant;

/**
 * What one run leaves for the next. {@code checkpoint}: every provider event created
 * before it was processed. {@code windowEnd} and {@code resumeAfter}: a window of events
 * being replayed and the last event of the last page finished, so a stopped run resumes
 * where it was. The cursors continue the ledger audit's sweep and the drift check.
 * {@code version} orders writes: of two overlapping runs, the one that saves second with
 * a stale version stops instead of moving the checkpoint back.
 */
public record ReconcileState(long version, Instant checkpoint, Instant windowEnd, String resumeAfter,
                             String auditCursor, String driftCursor) {
    public static final ReconcileState INITIAL = new ReconcileState(0, null, null, null, null, null);

    ReconcileState withWindow(Instant checkpoint, Instant windowEnd, String resumeAfter) {
        return new ReconcileState(version, checkpoint, windowEnd, resumeAfter, auditCursor, driftCursor);
    }

    ReconcileState withAuditCursor(String cursor) {
        return new ReconcileState(version, checkpoint, windowEnd, resumeAfter, cursor, driftCursor);
    }

    ReconcileState withDriftCursor(String cursor) {
        return new ReconcileState(version, checkpoint, windowEnd, resumeAfter, auditCursor, cursor);
    }
}
