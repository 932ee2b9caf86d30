package dev.aibilling.adapter.dynamodb;

import static dev.aibilling.adapter.dynamodb.Items.s;

import dev.aibilling.domain.audit.AuditEntry;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;

/**
 * An audit record: AUDIT#<auditId> / AUDIT, listed newest first through GSI2 (AUDIT,
 * <time>#<auditId>). Its key is derived from the action, so writing it again overwrites
 * the same record: a retried action is recorded once.
 */
final class AuditItems {
    private AuditItems() {
    }

    static Put put(String table, AuditEntry entry) {
        return Put.builder().tableName(table).item(item(entry)).build();
    }

    static Map<String, AttributeValue> item(AuditEntry entry) {
        Map<String, AttributeValue> item = Items.key(Keys.audit(entry.auditId()), Keys.AUDIT);
        item.put("auditId", s(entry.auditId()));
        item.put("adminId", s(entry.adminId()));
        item.put("action", s(entry.action()));
        putIfPresent(item, "userId", entry.userId());
        putIfPresent(item, "subject", entry.subject());
        putIfPresent(item, "providerObjectId", entry.providerObjectId());
        if (!entry.details().isEmpty()) {
            item.put("details", Items.stringMap(entry.details()));
        }
        item.put("at", Items.time(entry.at()));
        item.put(Keys.GSI2PK, s(Keys.AUDIT));
        item.put(Keys.GSI2SK, s(sortKey(entry)));
        return item;
    }

    static AuditEntry entry(Map<String, AttributeValue> item) {
        return new AuditEntry(Items.string(item, "auditId"), Items.string(item, "adminId"), Items.string(item, "action"),
                Items.string(item, "userId"), Items.string(item, "subject"), Items.string(item, "providerObjectId"),
                Items.stringMap(item, "details"), Items.time(item, "at"));
    }

    static String sortKey(AuditEntry entry) {
        return Keys.timestamp(entry.at()) + "#" + entry.auditId();
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }
}
