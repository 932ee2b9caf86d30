package dev.aibilling.domain.reconcile;

import dev.aibilling.domain.billing.Notice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Port to the provider's own record of what happened (Stripe keeps 30 days of events):
 * notices of the types billing reads, created in [from, to], newest first, in pages.
 */
public interface ProviderEventLog {
    /** How long the provider keeps events. */
    Duration RETENTION = Duration.ofDays(30);

    EventPage page(Instant from, Instant to, String startingAfter, int limit);

    /** One page; {@code hasMore} when older notices follow its last one. */
    record EventPage(List<Notice> notices, boolean hasMore) {
        public EventPage {
            notices = List.copyOf(notices);
        }
    }
}
