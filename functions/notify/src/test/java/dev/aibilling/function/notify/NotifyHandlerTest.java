package dev.aibilling.function.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.email.SesEmailSender;
import dev.aibilling.adapter.eventbridge.EventBridgePublisher;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.notifications.Branding;
import dev.aibilling.domain.notifications.EmailSender;
import dev.aibilling.domain.notifications.NotificationKind;
import dev.aibilling.domain.notifications.Notifier;
import dev.aibilling.domain.plans.CachedPlans;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.emulator.RequestCounter;
import dev.aibilling.emulator.SentEmail;
import dev.aibilling.emulator.SqsEventSource;
import dev.aibilling.testing.TestBilling;
import dev.aibilling.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Domain events as EventBridge delivers them (published on the bus, read from a rule's
 * queue) become emails through moto's SES, once per event id however often delivered.
 */
class NotifyHandlerTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Instant PERIOD = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant NEXT = Instant.parse("2026-12-01T00:00:00Z");
    /** As the Lambda runtime hands the handler an event: numbers stay integers. */
    private static final Gson LAMBDA = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .create();

    private TestBilling billing;
    private DynamoDbStores stores;
    private TestClock clock;
    private String user;
    private String email;

    @BeforeEach
    void setUp() {
        billing = TestBilling.start();
        stores = billing.stores();
        clock = new TestClock(NOW);
        user = "user-" + UUID.randomUUID();
        email = user + "@example.com";
    }

    @AfterEach
    void tearDown() {
        billing.close();
    }

    @Test
    void aReceiptIsSentOnceUnderTripleDelivery() {
        stores.notificationSettings().rememberStripeEmail(user, email);
        DomainEvent paid = paid(1900, "usd");

        assertEquals(List.of("SENT", "DUPLICATE", "DUPLICATE"), deliver(handler(ses()), paid, 3));

        List<SentEmail> sent = sentTo(email);
        assertEquals(1, sent.size());
        SentEmail receipt = sent.get(0);
        assertEquals("Your Acme AI receipt: $19.00", receipt.subject());
        assertTrue(receipt.text().contains("Plan: Pro\nAmount: $19.00\nPeriod: November 1, 2026 – December 1, 2026"),
                receipt.text());
        assertTrue(receipt.text().contains("Receipt: https://pay.stripe.com/receipts/rcpt_1"));
        assertTrue(receipt.text().contains("Invoice (PDF): https://invoice.stripe.com/i/in_1/pdf"));
        assertTrue(receipt.html().contains("<a href=\"https://pay.stripe.com/receipts/rcpt_1\""), receipt.html());
        assertTrue(receipt.html().contains("Questions? Write to <a href=\"mailto:support@example.com\""));
        String unsubscribe = receipt.headers().get("list-unsubscribe");
        assertTrue(unsubscribe.startsWith("<" + TestBilling.API_URL + "/api/notifications/unsubscribe?user="),
                unsubscribe);
        assertEquals("List-Unsubscribe=One-Click", receipt.headers().get("list-unsubscribe-post"));
        assertTrue(receipt.text().contains("Unsubscribe from these emails: " + TestBilling.API_URL));
    }

    @Test
    void amountsAreWrittenInTheirCurrency() {
        stores.notificationSettings().rememberStripeEmail(user, email);

        deliver(handler(ses()), paid(1900, "jpy"), 1);
        deliver(handler(ses()), paid(2500, "eur"), 1);

        List<String> subjects = sentTo(email).stream().map(SentEmail::subject).toList();
        assertEquals(List.of("Your Acme AI receipt: ¥1,900", "Your Acme AI receipt: €25.00"), subjects);
    }

    @Test
    void aFailedPaymentSaysWhenStripeRetriesAndHowToFixTheCardAndCannotBeTurnedOff() {
        stores.notificationSettings().rememberStripeEmail(user, email);
        stores.notificationSettings().setOptedOut(user, NotificationKind.RECEIPT, true);
        stores.notificationSettings().setOptedOut(user, NotificationKind.CREDITS_LOW, true);
        DomainEvent failed = new DomainEvent.PaymentFailed("payment-failed:in_9:1:" + user, user, NOW, "in_9", 1900,
                "usd", "https://invoice.stripe.com/i/in_9", 1, Instant.parse("2026-12-03T10:00:00Z"), null);

        assertEquals(List.of("SENT"), deliver(handler(ses()), failed, 1));

        SentEmail mail = sentTo(email).get(0);
        assertEquals("Action needed: your Acme AI payment of $19.00 failed", mail.subject());
        assertTrue(mail.text().contains("We will try again on December 3, 2026."), mail.text());
        assertTrue(mail.text().contains("Pay the invoice with another card: https://invoice.stripe.com/i/in_9"));
        assertTrue(mail.text().contains("update the card on file: " + TestBilling.PORTAL_RETURN_URL));
        assertFalse(mail.headers().containsKey("list-unsubscribe"), "a failed payment is always told");
    }

    @Test
    void aKindTheUserTurnedOffIsNotSent() {
        stores.notificationSettings().rememberStripeEmail(user, email);
        stores.notificationSettings().setOptedOut(user, NotificationKind.RECEIPT, true);

        assertEquals(List.of("TURNED_OFF", "DUPLICATE"), deliver(handler(ses()), paid(1900, "usd"), 2));
        assertEquals(List.of(), sentTo(email));
    }

    @Test
    void aKindTheDeploymentDisabledIsNotSent() {
        stores.notificationSettings().rememberStripeEmail(user, email);
        DomainEvent low = new DomainEvent.CreditsLow("credits-low:" + user + ":1", user, NOW, 9, 100, 10, NEXT);

        assertEquals(List.of("TURNED_OFF"), deliver(handler(ses(), Set.of(NotificationKind.CREDITS_LOW)), low, 1));
        assertEquals(List.of(), sentTo(email));
    }

    @Test
    void withoutAnAddressNothingIsSentAndThatIsRecordedOnce() {
        assertEquals(List.of("NO_ADDRESS", "DUPLICATE"), deliver(handler(ses()), paid(1900, "usd"), 2));
    }

    @Test
    void theSignInAddressIsUsedWhenStripeHasNone() {
        stores.notificationSettings().rememberUserEmail(user, email);

        assertEquals(List.of("SENT"), deliver(handler(ses()), paid(1900, "usd"), 1));
        assertEquals(1, sentTo(email).size());
    }

    @Test
    void theAddressStripeBilledReachesAUserWhoseCheckoutIsNotHandledYet() {
        stores.notificationSettings().rememberUserEmail(user, "sign-in@example.com");
        DomainEvent paid = new DomainEvent.PaymentSucceeded("payment-succeeded:in_2:" + user, user, NOW, "in_2", 1900,
                "usd", null, null, null, "pro", PERIOD, NEXT, email);

        assertEquals(List.of("SENT"), deliver(handler(ses()), paid, 1));
        assertEquals(1, sentTo(email).size());
        assertEquals(List.of(), sentTo("sign-in@example.com"));
    }

    @Test
    void anEmailIsRecordedBeforeItIsSentSoARecordThatFailsLeavesTheSendToTheRedelivery() {
        stores.notificationSettings().rememberStripeEmail(user, email);
        ExecutionInterceptor recordFails = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UpdateItemRequest) {
                    throw ProvisionedThroughputExceededException.builder().message("throttled (test)").build();
                }
            }
        };
        DynamoDbStores failing = new DynamoDbStores(billing.table().client(recordFails), billing.table().name());
        NotifyHandler recordingFails = new NotifyHandler(new Notifier(stores.notificationSettings(),
                failing.notificationLog(), new ClasspathEmailTemplates(), ses(),
                new CachedPlans(stores.plans(), clock, Duration.ZERO), billing.unsubscribeLinks(),
                new Branding("Acme AI", "support@example.com", TestBilling.PORTAL_RETURN_URL), Set.of(), clock));
        Map<String, Object> delivery = delivered(paid(1900, "usd"));

        assertThrows(ProvisionedThroughputExceededException.class,
                () -> recordingFails.handleRequest(delivery, new LocalContext("notify")));
        assertEquals(List.of(), sentTo(email));
        assertEquals("SENT", handler(ses()).handleRequest(delivery, new LocalContext("notify")));
        assertEquals("DUPLICATE", handler(ses()).handleRequest(delivery, new LocalContext("notify")));
        assertEquals(1, sentTo(email).size());
    }

    @Test
    void anAddressSesRefusesIsRecordedAndNotRetried() {
        stores.notificationSettings().rememberStripeEmail(user, "not an address");

        assertEquals(List.of("UNDELIVERABLE", "DUPLICATE"), deliver(handler(ses()), paid(1900, "usd"), 2));
    }

    @Test
    void anSesThrottleFailsTheDeliveryAndTheNextDeliverySends() {
        throttledOnceThenSent(stores);
    }

    @Test
    void aFailedSendIsGivenBackEvenWhenTheFirstReleaseFails() {
        AtomicInteger deletes = new AtomicInteger();
        ExecutionInterceptor firstDeleteFails = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof DeleteItemRequest && deletes.incrementAndGet() == 1) {
                    throw ProvisionedThroughputExceededException.builder().message("throttled (test)").build();
                }
            }
        };
        throttledOnceThenSent(new DynamoDbStores(billing.table().client(firstDeleteFails), billing.table().name()));
        assertEquals(2, deletes.get());
    }

    /** SES throttles the first delivery (nothing sent, the record given back); the next delivery sends. */
    private void throttledOnceThenSent(DynamoDbStores logStores) {
        stores.notificationSettings().rememberStripeEmail(user, email);
        WireMockServer throttling = new WireMockServer(wireMockConfig().dynamicPort());
        throttling.start();
        try {
            throttling.stubFor(post(urlPathMatching("/v2/email/outbound-emails")).willReturn(aResponse().withStatus(429)
                    .withHeader("x-amzn-ErrorType", "TooManyRequestsException")
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"message\":\"Maximum sending rate exceeded.\"}")));
            Map<String, String> settings = new HashMap<>(billing.table().emulator().settings(billing.table().name()));
            settings.put("AWS_ENDPOINT_URL", throttling.baseUrl());
            settings.put(SesEmailSender.SENDER, TestBilling.SENDER);
            NotifyHandler throttled = new NotifyHandler(new Notifier(stores.notificationSettings(),
                    logStores.notificationLog(), new ClasspathEmailTemplates(),
                    SesEmailSender.fromConfig(Config.of(settings), clock),
                    new CachedPlans(stores.plans(), clock, Duration.ZERO), billing.unsubscribeLinks(),
                    new Branding("Acme AI", "support@example.com", TestBilling.PORTAL_RETURN_URL), Set.of(), clock));
            Map<String, Object> delivery = delivered(paid(1900, "usd"));

            assertThrows(RuntimeException.class, () -> throttled.handleRequest(delivery, new LocalContext("notify")));
            assertEquals(List.of(), sentTo(email));

            assertEquals("SENT", handler(ses()).handleRequest(delivery, new LocalContext("notify")));
            assertEquals(1, sentTo(email).size());
        } finally {
            throttling.stop();
        }
    }

    @Test
    void subscriptionChangesTheUserMadeAreConfirmed() {
        stores.notificationSettings().rememberStripeEmail(user, email);
        NotifyHandler handler = handler(ses());

        deliver(handler, changed("cancellation_scheduled", true), 1);
        deliver(handler, changed("resumed", false), 1);
        deliver(handler, changed("plan_changed", false), 1);
        assertEquals(List.of("NOT_NOTIFIED"), deliver(handler, changed("updated", false), 1));

        List<String> subjects = sentTo(email).stream().map(SentEmail::subject).toList();
        assertEquals(List.of("Your Acme AI Pro plan ends on December 1, 2026", "Your Acme AI Pro plan continues",
                "You are now on Acme AI Pro"), subjects);
    }

    @Test
    void aLowCreditWarningSaysWhatIsLeftAndWhenItRefills() {
        stores.notificationSettings().rememberStripeEmail(user, email);

        deliver(handler(ses()), new DomainEvent.CreditsLow("credits-low:" + user + ":1", user, NOW, 9, 1000, 100, NEXT),
                1);

        SentEmail warning = sentTo(email).get(0);
        assertEquals("You have 9 Acme AI credits left", warning.subject());
        assertTrue(warning.text().contains("You have 9 of your 1,000 credits left. They refill on December 1, 2026."));
        assertTrue(warning.headers().containsKey("list-unsubscribe"));
    }

    @Test
    void anEmailCostsThreeTableRequestsAndARedeliveryOne() {
        stores.notificationSettings().rememberStripeEmail(user, email);
        RequestCounter dynamoDb = new RequestCounter();
        DynamoDbStores counted = new DynamoDbStores(billing.table().client(dynamoDb), billing.table().name());
        NotifyHandler handler = new NotifyHandler(new Notifier(counted.notificationSettings(),
                counted.notificationLog(), new ClasspathEmailTemplates(), ses(),
                new CachedPlans(stores.plans(), clock, Duration.ZERO), billing.unsubscribeLinks(),
                new Branding("Acme AI", "support@example.com", TestBilling.PORTAL_RETURN_URL), Set.of(), clock));
        Map<String, Object> delivery = delivered(paid(1900, "usd"));

        handler.handleRequest(delivery, new LocalContext("notify"));
        System.out.println("requests for a receipt: " + dynamoDb.snapshot() + " + SES SendEmail 1");
        assertEquals(Map.of("PutItem", 1, "GetItem", 1, "UpdateItem", 1), dynamoDb.snapshot());

        dynamoDb.reset();
        handler.handleRequest(delivery, new LocalContext("notify"));
        System.out.println("requests for a redelivered event: " + dynamoDb.snapshot());
        assertEquals(Map.of("PutItem", 1), dynamoDb.snapshot());
    }

    private DomainEvent paid(long amount, String currency) {
        return new DomainEvent.PaymentSucceeded("payment-succeeded:in_1:" + user + ":" + currency, user, NOW, "in_1",
                amount, currency, "https://invoice.stripe.com/i/in_1", "https://invoice.stripe.com/i/in_1/pdf",
                "https://pay.stripe.com/receipts/rcpt_1", "pro", PERIOD, NEXT, null);
    }

    private DomainEvent changed(String change, boolean cancelAtPeriodEnd) {
        return new DomainEvent.SubscriptionChanged("subscription-changed:" + user + ":" + change, user, NOW, "sub_1",
                "active", "pro", "monthly", NEXT, cancelAtPeriodEnd, change);
    }

    private NotifyHandler handler(EmailSender sender) {
        return handler(sender, Set.of());
    }

    private NotifyHandler handler(EmailSender sender, Set<NotificationKind> disabled) {
        return new NotifyHandler(new Notifier(stores.notificationSettings(), stores.notificationLog(),
                new ClasspathEmailTemplates(), sender, new CachedPlans(stores.plans(), clock, Duration.ZERO),
                billing.unsubscribeLinks(), new Branding("Acme AI", "support@example.com",
                TestBilling.PORTAL_RETURN_URL), disabled, clock));
    }

    private SesEmailSender ses() {
        return SesEmailSender.fromConfig(billing.config(), clock);
    }

    /** Publishes the event on the bus and hands what the rule delivers to the handler {@code times} times. */
    private List<String> deliver(NotifyHandler handler, DomainEvent event, int times) {
        Map<String, Object> delivery = delivered(event);
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            outcomes.add(handler.handleRequest(delivery, new LocalContext("notify")));
        }
        return outcomes;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> delivered(DomainEvent event) {
        EventBridgePublisher.fromConfig(billing.config()).publish(List.of(event));
        List<String> bodies = SqsEventSource.bodies(billing.table().emulator().sqs(), billing.bus().observerQueueUrl());
        assertEquals(1, bodies.size());
        return LAMBDA.fromJson(bodies.get(0), Map.class);
    }

    private List<SentEmail> sentTo(String address) {
        return billing.table().emulator().sentEmails().stream().filter(e -> e.to().contains(address)).toList();
    }
}
