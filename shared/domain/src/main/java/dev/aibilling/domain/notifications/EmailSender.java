package dev.aibilling.domain.notifications;

/**
 * Port to the mail service. An address it refuses for good is {@link Rejected}; any other
 * failure (a throttle, an outage) is thrown as is, so the event is delivered again.
 */
public interface EmailSender {
    void send(Email email);

    /** The provider will never deliver to this address (invalid, or on its suppression list). */
    final class Rejected extends RuntimeException {
        public Rejected(String message) {
            super(message);
        }
    }
}
