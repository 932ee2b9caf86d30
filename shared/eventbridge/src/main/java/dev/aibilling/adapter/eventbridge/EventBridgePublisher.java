package dev.aibilling.adapter.eventbridge;

import dev.aibilling.adapter.runtime.AwsClients;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.runtime.DomainEventJson;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.events.DomainEventPublisher;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Domain events onto the billing bus: the record's name is the detail type, its
 * components the detail (checked against domain-events.schema.json by a test).
 */
public final class EventBridgePublisher implements DomainEventPublisher {
    /** The {@code source} of every event; rules match on it. */
    public static final String SOURCE = "aibilling.billing";
    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
    private static final int MAX_ENTRIES_PER_CALL = 10;

    private final EventBridgeClient eventBridge;
    private final String busName;

    public EventBridgePublisher(EventBridgeClient eventBridge, String busName) {
        this.eventBridge = eventBridge;
        this.busName = busName;
    }

    public static EventBridgePublisher fromConfig(Config config, ExecutionInterceptor... interceptors) {
        return new EventBridgePublisher(AwsClients.build(EventBridgeClient.builder(), config, List.of(interceptors)),
                config.required(EVENT_BUS_NAME));
    }

    @Override
    public void publish(List<DomainEvent> events) {
        for (int from = 0; from < events.size(); from += MAX_ENTRIES_PER_CALL) {
            List<PutEventsRequestEntry> entries = events.subList(from, Math.min(events.size(), from + MAX_ENTRIES_PER_CALL))
                    .stream().map(this::entry).toList();
            PutEventsResponse response = eventBridge.putEvents(r -> r.entries(entries));
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                throw new IllegalStateException(response.failedEntryCount() + " domain events were not accepted by "
                        + busName + "; the Stripe event will be retried");
            }
        }
    }

    /** The detail as consumers read it; the schema test uses the same rendering. */
    public static String detail(DomainEvent event) {
        return DomainEventJson.detail(event);
    }

    private PutEventsRequestEntry entry(DomainEvent event) {
        return PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(SOURCE)
                .detailType(event.detailType())
                .detail(detail(event))
                .build();
    }
}
