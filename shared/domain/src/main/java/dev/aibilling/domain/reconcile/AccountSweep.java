package dev.aibilling.domain.reconcile;

import dev.aibilling.domain.paging.Page;

/**
 * Port to every account in turn, a page per run: the audit's sweep. The cursor wraps
 * around, so every account is checked once per sweep, however large the table.
 */
public interface AccountSweep {
    /** The next accounts' user ids after {@code cursor} (null: from the start); a null next cursor starts over. */
    Page<String> next(String cursor, int limit);
}
