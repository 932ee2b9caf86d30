package dev.aibilling.domain.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One admin action: who did what to whom, when, and the provider object it made (a
 * refund id), with the action's parameters. {@code auditId} is derived from the action and
 * its idempotency key, so a retried action records itself once.
 */
public record AuditEntry(String auditId, String adminId, String action, String userId, String subject,
                         String providerObjectId, Map<String, String> details, Instant at) {
    public static final String REFUND = "refund";
    public static final String CREDIT_ADJUSTMENT = "credit_adjustment";

    public AuditEntry {
        Objects.requireNonNull(auditId, "auditId");
        Objects.requireNonNull(adminId, "adminId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(at, "at");
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
