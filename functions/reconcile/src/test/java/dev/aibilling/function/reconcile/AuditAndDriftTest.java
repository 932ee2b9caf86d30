package dev.aibilling.function.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.plans.PlanCatalog;
import dev.aibilling.domain.subscriptions.SubscriptionStatus;
import dev.aibilling.testing.Subscriber;
import dev.aibilling.testing.TestBilling;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class AuditAndDriftTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void aBalanceEditedInTheTableIsReportedNotRewritten() {
        try (ReconcileFixture f = new ReconcileFixture(NOW)) {
            String user = "user-" + UUID.randomUUID();
            new CreditLedger(f.billing.stores().credits(), f.clock).account(user);
            String honest = "user-" + UUID.randomUUID();
            new CreditLedger(f.billing.stores().credits(), f.clock).account(honest);
            f.billing.table().client().updateItem(u -> u.tableName(f.billing.table().name())
                    .key(Map.of("PK", AttributeValue.fromS("USER#" + user), "SK", AttributeValue.fromS("ACCOUNT")))
                    .updateExpression("SET balance = :b").expressionAttributeValues(Map.of(":b",
                            AttributeValue.fromN("999"))));
            f.published();

            DomainEvent.ReconciliationCompleted report = f.billing.reconciler(f.clock).run(Instant.MAX).report();

            assertEquals(1, report.auditViolations(), report.toString());
            assertTrue(report.accountsAudited() >= 2);
            assertEquals(999, f.account(user).balance(), "reported, never rewritten");
            assertTrue(f.published().contains("LedgerDiscrepancyFound"));
        }
    }

    @Test
    void aSubscriptionStripeCanceledIsCorrectedAndReported() {
        try (ReconcileFixture f = new ReconcileFixture(NOW)) {
            // observed on the fixture's clock, as the drift check is: one clock orders both observations
            Subscriber s = f.subscribed(TestBilling.PRO_MONTHLY, NOW, ReconcileFixture.plusMonths(NOW, 1));
            assertEquals(SubscriptionStatus.ACTIVE, f.billing.stores().subscriptions().find(s.user).orElseThrow()
                    .status());
            // the cancellation's webhook was lost; the reconciler runs an hour later
            s.stripeReports("canceled", 1, false);
            f.clock.set(NOW.plus(Duration.ofHours(1)));

            DomainEvent.ReconciliationCompleted report = f.billing.reconciler(f.clock).run(Instant.MAX).report();

            assertEquals(1, report.subscriptionsCorrected(), report.toString());
            assertEquals(SubscriptionStatus.CANCELED, f.billing.stores().subscriptions().find(s.user).orElseThrow()
                    .status());
            assertEquals(PlanCatalog.FREE, f.account(s.user).planId());
            // back on the Free refill from the end of the period it paid for
            Instant periodEnd = f.account(s.user).nextResetAt();
            assertTrue(f.billing.stores().refillSchedule().due(periodEnd, null, 100).items().contains(s.user));

            DomainEvent.ReconciliationCompleted again = f.billing.reconciler(f.clock).run(Instant.MAX).report();
            assertEquals(0, again.subscriptionsCorrected(), "a canceled subscription is no longer live");
        }
    }
}
