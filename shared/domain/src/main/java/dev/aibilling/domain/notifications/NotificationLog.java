package dev.aibilling.domain.notifications;

import java.time.Instant;

/**
 * Port to the exactly-once record of notifications, one per domain event id. A claim is
 * taken first; a claim whose sender died before completing expires after a lease, so the
 * event's redelivery can send it. A send is completed as SENT just before it is made and
 * released if it fails, so no failure after a send can lead to a second one (the price:
 * a sender dying inside the send, or a release failing, loses that one email). A
 * redelivered event whose notification was completed does nothing.
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

    /**
     * Gives back the claim taken at {@code claimedAt} (completed as SENT or not) after a
     * failure, so the event's next delivery sends; a takeover's claim is left alone.
     */
    void release(String eventId, Instant claimedAt);
}
