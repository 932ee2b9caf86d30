package dev.aibilling.adapter.webhook;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.aibilling.adapter.runtime.Json;
import dev.aibilling.domain.billing.SignalQueue;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Accepts a Stripe webhook: verifies it, checks it belongs to this mode (test or live),
 * and hands it to the queue. Nothing else: no table, no Stripe call, so Stripe gets its
 * answer fast and only after the event is durable.
 */
public final class StripeWebhookIntake {
    /** Fits one SQS message (256 KiB) with its attributes. Stripe's events are far smaller. */
    public static final int MAX_PAYLOAD_BYTES = 240 * 1024;
    private static final Pattern EVENT_ID = Pattern.compile("evt_[A-Za-z0-9_]{1,250}");
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z0-9_.]{1,100}");

    private final Supplier<StripeSignatureVerifier> verifier;
    private final boolean livemode;
    private final SignalQueue queue;

    /** The verifier is supplied per call so that rotated secrets are picked up from the cache. */
    public StripeWebhookIntake(Supplier<StripeSignatureVerifier> verifier, boolean livemode, SignalQueue queue) {
        this.verifier = verifier;
        this.livemode = livemode;
        this.queue = queue;
    }

    public ReceivedEvent accept(String signatureHeader, byte[] payload) {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new BillingException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "Webhook body is " + payload.length + " bytes; the limit is " + MAX_PAYLOAD_BYTES);
        }
        verifier.get().verify(signatureHeader, payload);
        String text = new String(payload, StandardCharsets.UTF_8);
        JsonObject event = Json.parseObject(text);
        String id = string(event, "id", EVENT_ID);
        String type = string(event, "type", EVENT_TYPE);
        JsonElement mode = event.get("livemode");
        if (mode == null || !mode.isJsonPrimitive() || !mode.getAsJsonPrimitive().isBoolean()) {
            throw BillingException.invalid("Event has no boolean livemode");
        }
        if (mode.getAsBoolean() != livemode) {
            throw new BillingException(ErrorCode.LIVEMODE_MISMATCH, "A " + (mode.getAsBoolean() ? "live" : "test")
                    + "-mode event reached the " + (livemode ? "live" : "test") + "-mode endpoint");
        }
        queue.send(id, text);
        return new ReceivedEvent(id, type);
    }

    private static String string(JsonObject event, String name, Pattern pattern) {
        JsonElement value = event.get(name);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()
                || !pattern.matcher(value.getAsString()).matches()) {
            throw BillingException.invalid("Event has no valid " + name);
        }
        return value.getAsString();
    }

    public record ReceivedEvent(String id, String type) {
    }
}
