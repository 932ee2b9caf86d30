package dev.aibilling.function.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aibilling.domain.payments.Payment;
import dev.aibilling.domain.payments.PaymentStatus;
import dev.aibilling.domain.subscriptions.SubscriptionStatus;
import dev.aibilling.testing.Subscriber;
import dev.aibilling.testing.TestBilling;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The rest of a subscription's life through the webhook path, in every order and with
 * redeliveries: the account's plan follows the newest stored state of the subscription,
 * upgrades raise the balance once, downgrades wait for the next period, proration
 * invoices are no period, and a full refund takes back what is left of its period's grant.
 */
class SubscriptionLifecycleTest {
    private TestBilling billing;
    private PipelineHarness pipeline;

    @BeforeEach
    void setUp() {
        billing = TestBilling.start();
        pipeline = new PipelineHarness(billing);
    }

    @AfterEach
    void tearDown() {
        billing.close();
    }

    /** The bug: a period grant processed after the deletion moved the plan back to Pro. */
    @Test
    @Tag("exhaustive")
    void everyOrderOfRenewalAndDeletionWithRedeliveriesEndsOnTheFreePlan() {
        List<List<String>> orders = PipelineHarness.permutations(List.of("R", "R", "D", "D")).stream().distinct()
                .toList();
        assertEquals(6, orders.size());
        for (List<String> order : orders) {
            Subscriber s = pipeline.started();
            s.stripeReports("canceled", 2, false);
            Map<String, String> events = Map.of(
                    "R", s.invoiceEvent("invoice.payment_succeeded", "in_" + s.subscription + "_2",
                            "subscription_cycle", "paid", 2, 1),
                    "D", s.subscriptionEvent("customer.subscription.deleted", "canceled"));

            pipeline.processAll(order.stream().map(events::get).toList());

            assertEquals(SubscriptionStatus.CANCELED, pipeline.subscription(s).status(), "order " + order);
            assertEquals("free", pipeline.plan(s), "order " + order);
            assertEquals(1_000L, pipeline.audit.balance(s.user), "the paid period's credits stay: " + order);
            assertEquals(2, pipeline.audit.entryTypes(s.user).stream().filter("PERIOD_GRANT"::equals).count());
            pipeline.audit.assertBalanced(s.user);
        }
    }

    /** Renewal, a failed payment, a partial refund and the deletion, in all 24 orders, each delivered twice. */
    @Test
    @Tag("exhaustive")
    void everyOrderOfALifecyclesLastEventsConverges() {
        for (List<String> order : PipelineHarness.permutations(List.of("renewal", "failure", "refund", "deletion"))) {
            // a fresh table per order: moto copies whole tables on every transaction
            billing.close();
            billing = TestBilling.start();
            pipeline = new PipelineHarness(billing);
            Subscriber s = pipeline.started();
            String renewal = "in_" + s.subscription + "_2";
            String failed = "in_" + s.subscription + "_3";
            s.stripeReports("canceled", 3, false);
            Map<String, String> events = Map.of(
                    "renewal", s.invoiceEvent("invoice.paid", renewal, "subscription_cycle", "paid", 2, 1),
                    "failure", s.invoiceEvent("invoice.payment_failed", failed, "subscription_cycle", "open", 3, 1),
                    "refund", s.chargeRefunded(500),
                    "deletion", s.subscriptionEvent("customer.subscription.deleted", "canceled"));
            List<String> delivered = order.stream().map(events::get).collect(Collectors.toList());
            delivered.addAll(order.stream().map(events::get).toList());

            pipeline.processAll(delivered);

            assertEquals(SubscriptionStatus.CANCELED, pipeline.subscription(s).status(), "order " + order);
            assertEquals("free", pipeline.plan(s), "order " + order);
            Map<String, Payment> payments = new HashMap<>();
            pipeline.payments(s).forEach(p -> payments.put(p.paymentId(), p));
            assertEquals(3, payments.size(), "one payment per invoice: " + order);
            assertEquals(PaymentStatus.PARTIALLY_REFUNDED, payments.get(s.firstInvoice).status());
            assertEquals(500, payments.get(s.firstInvoice).amountRefunded());
            assertEquals(PaymentStatus.SUCCEEDED, payments.get(renewal).status());
            assertEquals(PaymentStatus.FAILED, payments.get(failed).status());
            assertEquals(List.of("SIGNUP_GRANT", "PERIOD_EXPIRY", "PERIOD_GRANT", "PERIOD_EXPIRY", "PERIOD_GRANT"),
                    pipeline.audit.entryTypes(s.user), "order " + order);
            pipeline.audit.assertBalanced(s.user);
        }
    }

    @Test
    void anUpgradeMadeInThePortalRaisesTheBalanceOnceAndTheRenewalGrantsTheNewPlan() {
        Subscriber s = pipeline.started();
        pipeline.consume(s, 300);
        s.stripeReports("active", 1, false, TestBilling.BUSINESS_MONTHLY);
        String upgraded = s.subscriptionEvent("customer.subscription.updated", "active");

        pipeline.processAll(List.of(upgraded, upgraded, upgraded));

        assertEquals("business", pipeline.plan(s));
        assertEquals("business", pipeline.subscription(s).planId());
        assertEquals(5_000L, pipeline.audit.balance(s.user));
        assertEquals(1, pipeline.audit.entryTypes(s.user).stream().filter("UPGRADE_GRANT"::equals).count());

        pipeline.consume(s, 100);
        s.stripeReports("active", 2, false, TestBilling.BUSINESS_MONTHLY);
        pipeline.processAll(List.of(s.invoiceEvent("invoice.paid", "in_" + s.subscription + "_2", "subscription_cycle",
                "paid", 2, 1, TestBilling.BUSINESS_MONTHLY, 4900)));
        assertEquals(5_000L, pipeline.audit.balance(s.user), "the renewal resets to the Business allowance");
        pipeline.audit.assertBalanced(s.user);
    }

    @Test
    void aProrationInvoiceIsRecordedButOpensNoPeriod() {
        Subscriber s = pipeline.started();
        pipeline.consume(s, 200);

        pipeline.processAll(List.of(s.invoiceEvent("invoice.paid", "in_proration", "subscription_update", "paid", 1, 1,
                TestBilling.BUSINESS_MONTHLY, 2300)));

        assertEquals(800L, pipeline.audit.balance(s.user), "billing_reason subscription_update is not a renewal");
        assertEquals(2, pipeline.payments(s).size());
    }

    @Test
    void aDowngradeKeepsTheGrantedCreditsUntilTheNextPeriod() {
        Subscriber s = pipeline.started();
        s.stripeReports("active", 1, false, TestBilling.BUSINESS_MONTHLY);
        pipeline.processAll(List.of(s.subscriptionEvent("customer.subscription.updated", "active")));
        assertEquals(5_000L, pipeline.audit.balance(s.user));

        s.stripeReports("active", 1, false, TestBilling.PRO_MONTHLY);
        pipeline.processAll(List.of(s.subscriptionEvent("customer.subscription.updated", "active")));

        assertEquals("pro", pipeline.plan(s));
        assertEquals(5_000L, pipeline.audit.balance(s.user), "credits already granted stay");
        s.stripeReports("active", 2, false, TestBilling.PRO_MONTHLY);
        pipeline.processAll(List.of(s.invoiceEvent("invoice.paid", "in_" + s.subscription + "_2", "subscription_cycle",
                "paid", 2, 1)));
        assertEquals(1_000L, pipeline.audit.balance(s.user));
    }

    @Test
    void aFullRefundOfTheCurrentPeriodTakesBackWhatIsLeftOnceAndAPartialOneTakesNothing() {
        Subscriber s = pipeline.started();
        pipeline.consume(s, 400);

        pipeline.processAll(List.of(s.chargeRefunded(900)));
        assertEquals(600L, pipeline.audit.balance(s.user), "a partial refund keeps the credits");

        String full = s.chargeRefunded(1900);
        pipeline.processAll(List.of(full, full, full));

        assertEquals(0L, pipeline.audit.balance(s.user));
        assertEquals(1, pipeline.audit.entryTypes(s.user).stream().filter("REFUND_CLAWBACK"::equals).count());
        assertEquals(PaymentStatus.REFUNDED, pipeline.payments(s).get(0).status());
        pipeline.audit.assertBalanced(s.user);
    }

    @Test
    void aRefundOfAnEndedPeriodsInvoiceTakesNothing() {
        Subscriber s = pipeline.started();
        s.stripeReports("active", 2, false);
        pipeline.processAll(List.of(s.invoiceEvent("invoice.paid", "in_" + s.subscription + "_2", "subscription_cycle",
                "paid", 2, 1)));

        pipeline.processAll(List.of(s.chargeRefunded(1900)));

        assertEquals(1_000L, pipeline.audit.balance(s.user), "period 1's leftover already expired with it");
        assertEquals(PaymentStatus.REFUNDED, pipeline.payments(s).stream()
                .filter(p -> p.paymentId().equals(s.firstInvoice)).findFirst().orElseThrow().status());
    }
}
