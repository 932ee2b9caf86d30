package dev.aibilling.domain.notifications;

import java.time.Instant;

/**
 * Port to the exactly-once record of notifications, one per domain event id. A claim is
 * taken before sending and completed after; a claim whose sender died expires after a
 * lease, so the event's redelivery can send it. A redelivered event whose notification
 * was completed (sent, or decided not to send) does nothing.
 */
public interface NotificationLog {
    enum Claim {
        CLAIMED,
        /** Completed before, or claimed by a sender that is still within its lease. */
        TAKEN
    }

    /** What became of a claimed notification. */
    enum Result {
        SENT,
        /** The address is refused for good; not retried. */
        UNDELIVERABLE,
        /** No address is known for the user. */
        NO_ADDRESS,
        /** The user or the deployment turned this kind off. */
        TURNED_OFF
    }

    Claim claim(String eventId, Instant now);

    void complete(String eventId, Result result, String detail, Instant now);

    /** Gives a claim back after a failure, so the event's next delivery sends. */
    void release(String eventId);
}
