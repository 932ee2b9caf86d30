package dev.aibilling.function.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.reconcile.ReconcileState;
import dev.aibilling.domain.reconcile.Reconciler;
import dev.aibilling.domain.subscriptions.SubscriptionStatus;
import dev.aibilling.testing.Subscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Events that only Stripe's event list has (the webhook never delivered them) are applied
 * by the reconciler through the webhook path's processor: once, page by page, resuming
 * after a failure without losing or repeating an effect.
 */
class MissedEventsTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void eventsOnlyInStripesListAreAppliedOnceAndASecondRunChangesNothing() {
        try (ReconcileFixture f = new ReconcileFixture(NOW)) {
            Subscriber s = new Subscriber(f.billing);
            s.stripeReportsAStartedSubscription();
            List<String> newestFirst = newestFirst(s.checkoutCompleted(),
                    s.subscriptionEvent("customer.subscription.created", "incomplete"),
                    s.subscriptionEvent("customer.subscription.updated", "active"),
                    s.firstInvoicePaid("invoice.payment_succeeded"));
            f.billing.stripe().eventLog(newestFirst, 2);
            Reconciler reconciler = f.billing.reconciler(f.clock);

            DomainEvent.ReconciliationCompleted first = reconciler.run(Instant.MAX).report();

            assertEquals(4, first.eventsApplied(), first.toString());
            assertTrue(first.complete());
            assertEquals(NOW, first.checkpoint());
            assertStarted(f, s);
            List<String> entries = f.audit.entryTypes(s.user);

            f.clock.advance(Duration.ofHours(1));
            DomainEvent.ReconciliationCompleted second = reconciler.run(Instant.MAX).report();

            assertEquals(0, second.eventsApplied());
            assertEquals(4, second.eventsAlreadyProcessed(), "the list still shows them: each is a no-op");
            assertEquals(entries, f.audit.entryTypes(s.user));
            assertEquals(NOW.plus(Duration.ofHours(1)), second.checkpoint());
            // the second window starts at the first one's end, less the overlap
            LoggedRequest last = f.billing.stripe().server().findAll(getRequestedFor(urlPathEqualTo("/v1/events")))
                    .get(f.billing.stripe().server().findAll(getRequestedFor(urlPathEqualTo("/v1/events"))).size() - 1);
            assertEquals(Long.toString(NOW.minus(Duration.ofMinutes(15)).getEpochSecond()),
                    last.queryParameter("created[gte]").firstValue());
        }
    }

    @Test
    void aRunStoppedHalfwayThroughAPageResumesWithoutLossOrDuplication() {
        try (ReconcileFixture f = new ReconcileFixture(NOW)) {
            Subscriber s = new Subscriber(f.billing);
            s.stripeReportsAStartedSubscription();
            String checkout = s.checkoutCompleted();
            String created = s.subscriptionEvent("customer.subscription.created", "incomplete");
            String updated = s.subscriptionEvent("customer.subscription.updated", "active");
            String paid = s.firstInvoicePaid("invoice.payment_succeeded");
            // the invoice, second on the first page, cannot be read once
            f.billing.stripe().server().stubFor(get(urlPathEqualTo("/v1/invoices/" + s.firstInvoice))
                    .inScenario("flaky").whenScenarioStateIs(STARTED).willSetStateTo("recovered")
                    .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                            .withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"try again\"}}")));
            f.billing.stripe().eventLog(List.of(updated, paid, created, checkout), 3);
            Reconciler reconciler = f.billing.reconciler(f.clock);

            DomainEvent.ReconciliationCompleted stopped = reconciler.run(Instant.MAX).report();

            assertEquals(1, stopped.eventsApplied(), stopped.toString());
            assertTrue(stopped.eventFailed().startsWith("evt_"));
            assertFalse(stopped.complete());
            assertEquals(0, f.grants(s.user), "the grant waits for the invoice");
            ReconcileState state = f.billing.stores().reconcileState().load();
            assertNull(state.checkpoint(), "the checkpoint does not pass an event that was not applied");

            f.clock.advance(Duration.ofHours(1));
            DomainEvent.ReconciliationCompleted resumed = reconciler.run(Instant.MAX).report();

            assertEquals(3, resumed.eventsApplied(), resumed.toString());
            assertEquals(1, resumed.eventsAlreadyProcessed());
            assertNull(resumed.eventFailed());
            assertTrue(resumed.complete());
            // no page of the stopped run finished, so the resumed walk is one window up to its own start
            assertEquals(NOW.plus(Duration.ofHours(1)), resumed.checkpoint());
            assertStarted(f, s);
        }
    }

    @Test
    void aCheckpointOlderThanStripesRetentionIsReportedAndTheWalkStartsAtTheRetention() {
        try (ReconcileFixture f = new ReconcileFixture(NOW)) {
            f.billing.stores().reconcileState().save(new ReconcileState(0, NOW.minus(Duration.ofDays(40)), null, null,
                    null, null));

            DomainEvent.ReconciliationCompleted report = f.billing.reconciler(f.clock).run(Instant.MAX).report();

            assertTrue(report.checkpointStale());
            assertEquals(NOW, report.checkpoint());
            LoggedRequest request = f.billing.stripe().server().findAll(getRequestedFor(urlPathEqualTo("/v1/events")))
                    .get(0);
            assertEquals(Long.toString(NOW.minus(Duration.ofDays(30)).minus(Duration.ofMinutes(15)).getEpochSecond()),
                    request.queryParameter("created[gte]").firstValue());
            assertEquals(Long.toString(NOW.getEpochSecond()), request.queryParameter("created[lte]").firstValue());
        }
    }

    private static void assertStarted(ReconcileFixture f, Subscriber s) {
        assertEquals(SubscriptionStatus.ACTIVE, f.billing.stores().subscriptions().find(s.user).orElseThrow().status());
        assertEquals("pro", f.account(s.user).planId());
        assertEquals(1000, f.account(s.user).balance());
        assertEquals(1, f.grants(s.user));
        f.audit.assertBalanced(s.user);
    }

    private static List<String> newestFirst(String... oldestFirst) {
        List<String> events = new ArrayList<>(List.of(oldestFirst));
        Collections.reverse(events);
        return events;
    }
}
