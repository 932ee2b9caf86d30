package dev.aibilling.adapter.stripe;

import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.model.Event;
import com.stripe.model.StripeCollection;
import com.stripe.param.EventListParams;
import dev.aibilling.adapter.runtime.Json;
import dev.aibilling.domain.billing.Notice;
import dev.aibilling.domain.reconcile.ProviderEventLog;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Stripe's event list (GET /v1/events) of the types billing reads. Only what every API
 * version agrees on is taken from an event: its id, type and time, and the id and kind of
 * the object it names, exactly as the webhook path does.
 */
public final class StripeEventLog implements ProviderEventLog {
    private final Supplier<StripeClient> client;

    public StripeEventLog(Supplier<StripeClient> client) {
        this.client = client;
    }

    @Override
    public EventPage page(Instant from, Instant to, String startingAfter, int limit) {
        EventListParams.Builder params = EventListParams.builder()
                .setCreated(EventListParams.Created.builder().setGte(from.getEpochSecond())
                        .setLte(to.getEpochSecond()).build())
                .addAllType(StripeNoticeReader.HANDLED_TYPES)
                .setLimit((long) limit);
        if (startingAfter != null) {
            params.setStartingAfter(startingAfter);
        }
        StripeCollection<Event> events = StripeClients.call(() -> client.get().v1().events().list(params.build()));
        List<Notice> notices = events.getData().stream().map(StripeEventLog::notice).toList();
        return new EventPage(notices, Boolean.TRUE.equals(events.getHasMore()));
    }

    private static Notice notice(Event event) {
        JsonObject object = Json.parseObject(event.getDataObjectDeserializer().getRawJson());
        return new Notice(event.getId(), event.getType(), Instant.ofEpochSecond(event.getCreated()),
                object.has("id") ? object.get("id").getAsString() : null,
                object.has("object") ? object.get("object").getAsString() : null);
    }
}
