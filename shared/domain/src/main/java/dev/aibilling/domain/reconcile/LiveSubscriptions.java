package dev.aibilling.domain.reconcile;

import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.subscriptions.Subscription;

/** Port to the stored subscriptions whose status entitles (active, trialing, past_due), in turn, without a scan. */
public interface LiveSubscriptions {
    /** The next live subscriptions after {@code cursor} (null: from the start); a null next cursor starts over. */
    Page<Subscription> next(String cursor, int limit);
}
