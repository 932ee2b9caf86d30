package dev.aibilling.adapter.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aibilling.domain.billing.Notice;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The three shapes a Stripe event reaches us in, and the refusal of anything that is not one. */
class StripeEnvelopeTest {
    private static final String SNAPSHOT = """
            {"id":"evt_1","object":"event","type":"invoice.paid","created":1767225600,"livemode":false,
             "api_version":"2026-07-29.dahlia","account":"acct_9",
             "data":{"object":{"id":"in_1","object":"invoice"}}}""";

    @Test
    void aSnapshotEventNamesItsObjectByIdAndKind() {
        StripeEnvelope envelope = StripeEnvelope.parse(SNAPSHOT);
        assertEquals(new Notice("evt_1", "invoice.paid", Instant.ofEpochSecond(1767225600), "in_1", "invoice"),
                envelope.notice());
        assertEquals(false, envelope.livemode());
        assertEquals("acct_9", envelope.account());
        assertEquals("2026-07-29.dahlia", envelope.apiVersion());
        assertEquals(StripeEnvelope.Channel.WEBHOOK, envelope.channel());
    }

    @Test
    void anEventBridgeDeliveryIsUnwrapped() {
        StripeEnvelope envelope = StripeEnvelope.parse("""
                {"detail-type":"invoice.paid","source":"aws.partner/stripe.com/ed_1","detail":%s}"""
                .formatted(SNAPSHOT));
        assertEquals(StripeEnvelope.Channel.EVENTBRIDGE, envelope.channel());
        assertEquals("evt_1", envelope.notice().id());
        assertEquals("in_1", envelope.notice().objectId());
    }

    @Test
    void anEventBridgeEventFromAnotherSourceOrWithoutAnObjectDetailIsRefused() {
        assertRefused("""
                {"detail-type":"x","source":"aws.partner/other.com/ed_1","detail":%s}""".formatted(SNAPSHOT),
                "An EventBridge event that is not from a Stripe event destination");
        assertRefused("""
                {"detail-type":"x","detail":%s}""".formatted(SNAPSHOT),
                "An EventBridge event that is not from a Stripe event destination");
        assertRefused("""
                {"detail-type":"x","source":"aws.partner/stripe.com/ed_1","detail":"evt_1"}""",
                "An EventBridge event that is not from a Stripe event destination");
    }

    @Test
    void aBodyWithOnlyOneOfDetailTypeAndDetailIsReadAsASnapshot() {
        // a snapshot event may carry any extra field; only both together mean an EventBridge wrapper
        String withDetail = SNAPSHOT.replace("\"livemode\":false", "\"livemode\":false,\"detail\":{}");
        assertEquals(StripeEnvelope.Channel.WEBHOOK, StripeEnvelope.parse(withDetail).channel());
        String withDetailType = SNAPSHOT.replace("\"livemode\":false", "\"livemode\":false,\"detail-type\":\"x\"");
        assertEquals(StripeEnvelope.Channel.WEBHOOK, StripeEnvelope.parse(withDetailType).channel());
    }

    @Test
    void aThinEventNamesItsRelatedObjectAndDropsTheVersionPrefix() {
        StripeEnvelope envelope = StripeEnvelope.parse("""
                {"id":"evt_2","object":"v2.core.event","type":"v1.invoice.paid","livemode":true,
                 "created":"2026-01-01T00:00:00Z","related_object":{"id":"in_2","type":"invoice","url":"/v1/invoices/in_2"}}""");
        assertEquals(new Notice("evt_2", "invoice.paid", null, "in_2", "invoice"), envelope.notice());
        assertEquals(true, envelope.livemode());
        assertNull(envelope.account());
        assertNull(envelope.apiVersion());
    }

    @Test
    void anEventAboutNoObjectHasNoObjectIdOrKind() {
        Notice notice = StripeEnvelope.parse("""
                {"id":"evt_3","type":"account.application.authorized","livemode":false,"data":{"object":"none"}}""")
                .notice();
        assertNull(notice.objectId());
        assertNull(notice.objectType());
        assertNull(notice.created());
        Notice thin = StripeEnvelope.parse("""
                {"id":"evt_4","type":"v1.ping","livemode":false,"related_object":"none"}""").notice();
        assertEquals("ping", thin.type());
        assertNull(thin.objectId());
    }

    @Test
    void anObjectIdWithADotIsAcceptedAndOneWithAKeySeparatorIsRefused() {
        assertEquals("sub_1.2", StripeEnvelope.parse(SNAPSHOT.replace("in_1", "sub_1.2")).notice().objectId());
        assertRefused(SNAPSHOT.replace("in_1", "in#1"), "Event names an object with an invalid id");
        assertRefused(SNAPSHOT.replace("\"object\":\"invoice\"", "\"object\":\"in voice\""),
                "Event names an object with an invalid object");
    }

    @Test
    void anEventWithoutAValidIdTypeOrBooleanLivemodeIsRefused() {
        assertRefused(SNAPSHOT.replace("evt_1", "ev_1"), "Event has no valid id");
        assertRefused(SNAPSHOT.replace("\"id\":\"evt_1\",", ""), "Event has no valid id");
        assertRefused(SNAPSHOT.replace("\"evt_1\"", "1"), "Event has no valid id");
        assertRefused(SNAPSHOT.replace("invoice.paid", "Invoice Paid"), "Event has no valid type");
        assertRefused(SNAPSHOT.replace("\"livemode\":false", "\"livemode\":\"false\""), "Event has no boolean livemode");
        assertRefused(SNAPSHOT.replace("\"livemode\":false", "\"livemode\":{}"), "Event has no boolean livemode");
        assertRefused(SNAPSHOT.replace("\"livemode\":false,", ""), "Event has no boolean livemode");
    }

    private static void assertRefused(String body, String message) {
        BillingException refusal = assertThrows(BillingException.class, () -> StripeEnvelope.parse(body));
        assertEquals(ErrorCode.INVALID_REQUEST, refusal.code());
        assertEquals(message, refusal.getMessage());
    }
}
