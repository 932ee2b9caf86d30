package dev.aibilling.function.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aibilling.adapter.webhook.StripeEnvelope;
import dev.aibilling.domain.billing.BillingSignalProcessor;
import dev.aibilling.domain.billing.BillingSignalProcessor.Outcome;
import dev.aibilling.domain.billing.Notice;
import dev.aibilling.domain.credits.Account;
import dev.aibilling.domain.paging.PageRequest;
import dev.aibilling.emulator.LedgerAudit;
import dev.aibilling.emulator.stripe.StripeObjects;
import dev.aibilling.testing.Subscriber;
import dev.aibilling.testing.TestBilling;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the processor answers for each kind of notice, which the handler logs and acts on,
 * and the credit period a yearly plan opens: one month, then the scheduled refills.
 */
class SignalOutcomesTest {
    private TestBilling billing;
    private BillingSignalProcessor processor;
    private LedgerAudit audit;

    @BeforeEach
    void setUp() {
        billing = TestBilling.start();
        processor = billing.processor();
        audit = new LedgerAudit(billing.table());
    }

    @AfterEach
    void tearDown() {
        billing.close();
    }

    @Test
    void aNewNoticeIsProcessedAndItsRedeliveryIsADuplicate() {
        Subscriber s = new Subscriber(billing);
        s.stripeReportsAStartedSubscription();
        String checkout = s.checkoutCompleted();

        assertEquals(Outcome.PROCESSED, process(checkout));
        assertEquals(Outcome.DUPLICATE, process(checkout));
        assertEquals(1_000L, audit.balance(s.user));
    }

    @Test
    void aTypeBillingDoesNotReadAndAOneTimeCheckoutAreIgnored() {
        Subscriber s = new Subscriber(billing);
        assertEquals(Outcome.IGNORED, process(StripeObjects.event(Subscriber.nextId(), "customer.created",
                Map.of("id", s.customer, "object", "customer"))));

        Map<String, Object> session = StripeObjects.checkoutSession("cs_once", s.user, s.customer, null, "paid");
        session.put("mode", "payment");
        billing.stripe().checkoutSession(session);
        String oneTime = StripeObjects.event(Subscriber.nextId(), "checkout.session.completed", session);

        assertEquals(Outcome.IGNORED, process(oneTime));
        assertEquals(Outcome.IGNORED, process(oneTime), "an ignored notice is not marked: it is read again");
        assertTrue(billing.stores().subscriptions().find(s.user).isEmpty());
    }

    @Test
    void aSubscriptionWhoseMetadataNamesAnotherUserIsForeignAndOneWithoutMetadataIsOurs() {
        Subscriber s = new Subscriber(billing);
        billing.stripe().subscription(StripeObjects.subscription(s.subscription, s.customer, "user-somebody-else",
                "active", TestBilling.PRO_MONTHLY, Subscriber.period(1), Subscriber.period(2), false));

        assertEquals(Outcome.FOREIGN, process(updated(s)));
        assertTrue(billing.stores().subscriptions().find(s.user).isEmpty());
        assertTrue(billing.stores().unmatchedNotices().list(new PageRequest(10, null)).items().get(0).reason()
                .contains("names user user-somebody-else"));

        // made in the dashboard: no metadata, so the customer alone says whose it is
        billing.stripe().subscription(StripeObjects.subscription(s.subscription, s.customer, null,
                "active", TestBilling.PRO_MONTHLY, Subscriber.period(1), Subscriber.period(2), false));
        assertEquals(Outcome.PROCESSED, process(updated(s)));
        assertEquals("pro", account(s).planId());
    }

    @Test
    void aYearlyPlanGrantsAMonthAndLeavesTheNextMonthsToTheRefill() {
        Subscriber s = new Subscriber(billing);
        s.stripeReports("active", Subscriber.period(1), Subscriber.period(13), TestBilling.PRO_YEARLY);

        assertEquals(Outcome.PROCESSED, process(s.checkoutCompleted()));

        Account account = account(s);
        assertEquals(1_000L, account.balance());
        assertEquals(Subscriber.period(1), account.periodStart());
        assertEquals(Subscriber.period(2), account.nextResetAt(), "a month's credits, not a year's");
        assertTrue(refillsDue(Subscriber.period(2)).contains(s.user), "the refill opens the next month");
    }

    @Test
    void aYearlyPeriodShorterThanAMonthEndsWithItsInvoice() {
        Subscriber s = new Subscriber(billing);
        Instant end = Subscriber.period(1).atZone(ZoneOffset.UTC).plusDays(10).toInstant();
        s.stripeReports("active", Subscriber.period(1), end, TestBilling.PRO_YEARLY);

        process(s.checkoutCompleted());

        assertEquals(end, account(s).nextResetAt());
        assertFalse(refillsDue(end).contains(s.user), "the renewal invoice opens the next period");
    }

    @Test
    void aCheckoutReadInTheSameMillisecondAsItsSubscriptionStillGrantsThePeriod() {
        // two reads at one instant (two Lambdas at once): the second observation is not newer, so
        // it is not stored again, and the checkout's grant must not depend on storing it
        BillingSignalProcessor sameInstant = billing.processing(Clock.fixed(Instant.now(), ZoneOffset.UTC))
                .processor();
        Subscriber s = new Subscriber(billing);
        s.stripeReportsAStartedSubscription();

        assertEquals(Outcome.PROCESSED, sameInstant.process(notice(s.subscriptionEvent(
                "customer.subscription.updated", "active"))));
        assertEquals(Outcome.PROCESSED, sameInstant.process(notice(s.checkoutCompleted())));

        assertEquals(1_000L, audit.balance(s.user));
        assertEquals(1, audit.entryTypes(s.user).stream().filter("PERIOD_GRANT"::equals).count());
    }

    @Test
    void aRefundOfAPaymentNotRecordedYetFailsToBeRetried() {
        Subscriber s = new Subscriber(billing);

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> process(s.chargeRefunded(500)));

        assertTrue(failure.getMessage().contains("No payment is recorded for payment intent " + s.firstPaymentIntent),
                failure.getMessage());
    }

    @Test
    void aSubscriptionOnAPriceOutsideTheCatalogFailsSayingWhatToSeed() {
        Subscriber s = new Subscriber(billing);
        s.stripeReports("active", Subscriber.period(1), Subscriber.period(2), "price_not_seeded");

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> process(updated(s)));

        assertEquals("Price price_not_seeded belongs to no plan of the catalog; seed the plans with this price id",
                failure.getMessage());
        assertTrue(billing.stores().subscriptions().find(s.user).isEmpty());
    }

    private Outcome process(String event) {
        return processor.process(notice(event));
    }

    private static Notice notice(String event) {
        return StripeEnvelope.parse(event).notice();
    }

    private static String updated(Subscriber s) {
        return StripeObjects.event(Subscriber.nextId(), "customer.subscription.updated",
                Map.of("id", s.subscription, "object", "subscription"));
    }

    private List<String> refillsDue(Instant now) {
        return billing.stores().refillSchedule().due(now, null, 100).items();
    }

    private Account account(Subscriber s) {
        return billing.stores().credits().findAccount(s.user).orElseThrow();
    }
}
