package dev.aibilling.webhook;

/** Port to the durable queue between webhook intake and processing. */
public interface EventQueue {
    /** Returns only once the queue has accepted the event; throws otherwise. */
    void send(String eventId, String eventType, String payload);
}
