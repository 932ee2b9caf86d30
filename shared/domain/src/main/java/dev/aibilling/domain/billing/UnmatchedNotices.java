package dev.aibilling.domain.billing;

import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.paging.PageRequest;
import java.time.Instant;

/**
 * Port to the notices that were not ours (another product's customer, a fixture of
 * `stripe trigger`, another mode or a Connect account), kept for a while for admins to see.
 * Recording the same notice twice keeps one.
 */
public interface UnmatchedNotices {
    void record(Notice notice, String reason, Instant at);

    Page<Unmatched> list(PageRequest page);

    record Unmatched(String noticeId, String type, String objectId, String reason, Instant at) {
    }
}
