package dev.aibilling.domain.reconcile;

import dev.aibilling.domain.paging.Page;
import java.time.Instant;

/**
 * Port to the accounts whose next credit period the reconciler opens (the Free plan, and
 * the months inside a yearly subscription), findable by when it is due without a scan.
 * Opening a period keeps an account in or out of it (see PeriodReset.NextReset).
 */
public interface RefillSchedule {
    /** Users whose next reset is at or before {@code now}, {@code limit} at most per page. */
    Page<String> due(Instant now, String cursor, int limit);

    /** Takes the account off the schedule while its plan is a paid one (its invoices reset it). */
    void unschedule(String userId);
}
