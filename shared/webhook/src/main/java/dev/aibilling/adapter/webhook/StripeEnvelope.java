package dev.aibilling.adapter.webhook;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.aibilling.adapter.runtime.Json;
import dev.aibilling.domain.billing.Notice;
import dev.aibilling.domain.error.BillingException;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A Stripe event as it reaches us, read for only what every API version has: the id,
 * type, time, mode, Connect account, and the id and kind of the object it names. Three
 * shapes arrive: a webhook's snapshot event ({"object":"event","data":{"object":{…}}}), the
 * same delivered by an EventBridge event destination (wrapped: {"detail-type","source":
 * "aws.partner/stripe.com/…","detail":{…}}), and a thin event ({"related_object":{"id",
 * "type"}}, types "v1.invoice.paid" read as "invoice.paid").
 */
public record StripeEnvelope(Notice notice, boolean livemode, String account, String apiVersion, Channel channel) {
    public enum Channel { WEBHOOK, EVENTBRIDGE }

    /** The prefix of a Stripe partner event source's name, and of the source of its events. */
    public static final String PARTNER_SOURCE_PREFIX = "aws.partner/stripe.com";
    private static final Pattern EVENT_ID = Pattern.compile("evt_[A-Za-z0-9_]{1,250}");
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z0-9_.]{1,100}");
    private static final Pattern OBJECT_ID = Pattern.compile("[A-Za-z0-9_]{1,255}");

    /** Parses a delivery; anything that is not a Stripe event is an INVALID_JSON or INVALID_REQUEST BillingException. */
    public static StripeEnvelope parse(String body) {
        JsonObject event = Json.parseObject(body);
        Channel channel = Channel.WEBHOOK;
        if (event.has("detail-type") && event.has("detail")) {
            String source = optionalString(event, "source");
            if (source == null || !source.startsWith(PARTNER_SOURCE_PREFIX) || !event.get("detail").isJsonObject()) {
                throw BillingException.invalid("An EventBridge event that is not from a Stripe event destination");
            }
            event = event.getAsJsonObject("detail");
            channel = Channel.EVENTBRIDGE;
        }
        String id = string(event, "id", EVENT_ID);
        String type = string(event, "type", EVENT_TYPE);
        JsonElement mode = event.get("livemode");
        if (mode == null || !mode.isJsonPrimitive() || !mode.getAsJsonPrimitive().isBoolean()) {
            throw BillingException.invalid("Event has no boolean livemode");
        }
        JsonObject object = object(event);
        JsonElement created = event.get("created");
        Notice notice = new Notice(id, type.startsWith("v1.") ? type.substring(3) : type,
                created != null && created.isJsonPrimitive() && created.getAsJsonPrimitive().isNumber()
                        ? Instant.ofEpochSecond(created.getAsLong()) : null,
                object == null ? null : objectField(object, "id"),
                object == null ? null : objectField(object, object.has("object") ? "object" : "type"));
        return new StripeEnvelope(notice, mode.getAsBoolean(), optionalString(event, "account"),
                optionalString(event, "api_version"), channel);
    }

    /** data.object of a snapshot event, or related_object of a thin one; null for an event about no object. */
    private static JsonObject object(JsonObject event) {
        JsonElement data = event.get("data");
        if (data != null && data.isJsonObject() && data.getAsJsonObject().get("object") instanceof JsonObject object) {
            return object;
        }
        JsonElement related = event.get("related_object");
        return related instanceof JsonObject object ? object : null;
    }

    private static String objectField(JsonObject object, String name) {
        String value = optionalString(object, name);
        if (value != null && !OBJECT_ID.matcher(value.replace(".", "_")).matches()) {
            throw BillingException.invalid("Event names an object with an invalid " + name);
        }
        return value;
    }

    private static String string(JsonObject event, String name, Pattern pattern) {
        String value = optionalString(event, name);
        if (value == null || !pattern.matcher(value).matches()) {
            throw BillingException.invalid("Event has no valid " + name);
        }
        return value;
    }

    private static String optionalString(JsonObject object, String name) {
        JsonElement value = object.get(name);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                ? value.getAsString() : null;
    }
}
