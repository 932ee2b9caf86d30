package dev.aibilling.adapter.webhook;

import dev.aibilling.domain.billing.SignalQueue;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Accepts a Stripe webhook: verifies it, checks it belongs to this mode (test or live),
 * and hands it to the queue. Nothing else: no table, no Stripe call, so Stripe gets its
 * answer fast and only after the event is durable.
 */
public final class StripeWebhookIntake {
    /** Fits one SQS message (256 KiB) with its attributes. Stripe's events are far smaller. */
    public static final int MAX_PAYLOAD_BYTES = 240 * 1024;

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
        StripeEnvelope envelope = StripeEnvelope.parse(text);
        if (envelope.livemode() != livemode) {
            throw new BillingException(ErrorCode.LIVEMODE_MISMATCH, "A " + (envelope.livemode() ? "live" : "test")
                    + "-mode event reached the " + (livemode ? "live" : "test") + "-mode endpoint");
        }
        if (envelope.account() != null) {
            throw new BillingException(ErrorCode.CONNECT_NOT_SUPPORTED, "An event of Connect account "
                    + envelope.account() + " reached this endpoint; this service bills its own customers only: "
                    + "remove Connect events from the endpoint");
        }
        queue.send(envelope.notice().id(), text);
        return new ReceivedEvent(envelope.notice().id(), envelope.notice().type());
    }

    public record ReceivedEvent(String id, String type) {
    }
}
