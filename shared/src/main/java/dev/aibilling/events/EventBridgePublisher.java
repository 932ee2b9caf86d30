package dev.aibilling.events;

import dev.aibilling.billing.DomainEvent;
import dev.aibilling.billing.DomainEventPublisher;
import dev.aibilling.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/** Domain events onto the billing bus: one PutEvents per processed Stripe event. */
public final class EventBridgePublisher implements DomainEventPublisher {
    /** The {@code source} of every event; rules match on it. */
    public static final String SOURCE = "aibilling.billing";
    private static final int MAX_ENTRIES_PER_CALL = 10;

    private final EventBridgeClient eventBridge;
    private final String busName;

    public EventBridgePublisher(EventBridgeClient eventBridge, String busName) {
        this.eventBridge = eventBridge;
        this.busName = busName;
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

    private PutEventsRequestEntry entry(DomainEvent event) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("id", event.id());
        detail.put("userId", event.userId());
        detail.put("occurredAt", event.occurredAt());
        detail.putAll(event.detail());
        return PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(SOURCE)
                .detailType(event.type())
                .detail(Json.write(detail))
                .build();
    }
}
