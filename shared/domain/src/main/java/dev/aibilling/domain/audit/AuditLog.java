package dev.aibilling.domain.audit;

import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.paging.PageRequest;
import java.util.Optional;

/** Port to the record of admin actions, newest first. */
public interface AuditLog {
    /** Records the entry; recording the same {@code auditId} again changes nothing. */
    void record(AuditEntry entry);

    Optional<AuditEntry> find(String auditId);

    Page<AuditEntry> list(PageRequest page);
}
