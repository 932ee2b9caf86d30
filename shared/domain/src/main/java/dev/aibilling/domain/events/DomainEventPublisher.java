package dev.aibilling.domain.events;

import java.util.List;

/** Port to the event bus. Returns once every event is accepted; throws otherwise. */
public interface DomainEventPublisher {
    void publish(List<DomainEvent> events);
}
