package dev.aibilling.domain.billing;

/**
 * Port to the durable queue between receiving a provider event and processing it. An
 * event is acknowledged to the provider only after {@link #send} returned.
 */
public interface SignalQueue {
    /** Returns only once the queue has accepted the payload; throws otherwise. */
    void send(String signalId, String payload);
}
