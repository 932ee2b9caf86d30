package dev.aibilling.adapter.dynamodb;

import dev.aibilling.domain.credits.KeyedMove;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The single-table key layout (README, "Data model"). Timestamps in sort keys are
 * fixed-width UTC so that string order is time order.
 */
final class Keys {
    static final String PK = "PK";
    static final String SK = "SK";
    static final String ACCOUNT = "ACCOUNT";
    static final String SUBSCRIPTION = "SUBSCRIPTION";
    static final String LEDGER_PREFIX = "LEDGER#";
    static final String PAYMENT_PREFIX = "PAYMENT#";
    static final String PLAN_PREFIX = "PLAN#";
    static final String CATALOG = "CATALOG";
    static final String KEY = "KEY";
    static final String AUDIT = "AUDIT";
    static final String CUSTOMER = "CUSTOMER";
    static final String EVENT = "EVENT";
    static final String GSI1 = "GSI1";
    static final String GSI1PK = "GSI1PK";
    static final String GSI1SK = "GSI1SK";
    static final String GSI2 = "GSI2";
    static final String GSI2PK = "GSI2PK";
    static final String GSI2SK = "GSI2SK";
    /** Sparse: accounts the reconciler refills (by next reset) and live subscriptions, each spread over shards. */
    static final String GSI3 = "GSI3";
    static final String GSI3PK = "GSI3PK";
    static final String GSI3SK = "GSI3SK";
    static final String REFILL_PREFIX = "REFILL#";
    static final String LIVE_PREFIX = "LIVE#";
    /** Spreads one index partition's writes; every listing reads all shards. */
    static final int SHARDS = 8;
    static final String NOTIFY = "NOTIFY";
    static final String NOTIFICATION = "NOTIFICATION";
    static final String RECONCILE = "RECONCILE";
    static final String STATE = "STATE";

    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Keys() {
    }

    /** The index partition of an account the reconciler refills. String.hashCode is fixed by the JLS. */
    static String refillPartition(String userId) {
        return REFILL_PREFIX + Math.floorMod(userId.hashCode(), SHARDS);
    }

    static String livePartition(String userId) {
        return LIVE_PREFIX + Math.floorMod(userId.hashCode(), SHARDS);
    }

    static String user(String userId) {
        return "USER#" + userId;
    }

    /**
     * Idempotency keys are global within their kind (CONSUME#, ADJUSTMENT#), so reusing one
     * for another user is detected as a conflict.
     */
    static String idempotencyKey(KeyedMove.KeySpace space, String key) {
        return space.name() + "#" + key;
    }

    static String audit(String auditId) {
        return "AUDIT#" + auditId;
    }

    static String invoice(String invoiceId) {
        return "INVOICE#" + invoiceId;
    }

    static String stripeCustomer(String customerId) {
        return "CUSTOMER#" + customerId;
    }

    static String paymentIntent(String paymentIntentId) {
        return "PI#" + paymentIntentId;
    }

    static String notification(String domainEventId) {
        return "NOTIFICATION#" + domainEventId;
    }

    static String stripeEvent(String eventId) {
        return "EVENT#" + eventId;
    }

    static String payment(Instant createdAt, String paymentId) {
        return PAYMENT_PREFIX + timestamp(createdAt) + "#" + paymentId;
    }

    /** The marker of a balance change, under the user: written once, with the change. */
    static String marker(String markerKey) {
        return "MARKER#" + markerKey;
    }

    static String plan(String planId) {
        return PLAN_PREFIX + planId;
    }

    /** {@code ordinal} orders the entries one transaction writes with the same timestamp. */
    static String ledger(Instant createdAt, int ordinal, String entryId) {
        return LEDGER_PREFIX + timestamp(createdAt) + "#" + ordinal + "#" + entryId;
    }

    static String timestamp(Instant instant) {
        return SORTABLE.format(instant);
    }

    static Instant parseTimestamp(String value) {
        return Instant.from(SORTABLE.parse(value));
    }
}
