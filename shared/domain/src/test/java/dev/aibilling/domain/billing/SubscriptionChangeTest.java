package dev.aibilling.domain.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.subscriptions.Subscription;
import dev.aibilling.domain.subscriptions.SubscriptionStatus;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an observation changed against the stored one: the kind of email a user gets about it. */
class SubscriptionChangeTest {
    private static final Instant START = Instant.parse("2027-01-01T00:00:00Z");
    private static final Subscription ACTIVE = subscription("sub_1", SubscriptionStatus.ACTIVE, "price_pro", false);

    @Test
    void aFirstObservationStartsAnEntitlingSubscriptionAndOnlyUpdatesAnotherOne() {
        assertEquals("started", SubscriptionObservations.change(Optional.empty(), ACTIVE));
        assertEquals("updated", SubscriptionObservations.change(Optional.empty(),
                subscription("sub_1", SubscriptionStatus.INCOMPLETE, "price_pro", false)));
    }

    @Test
    void anotherSubscriptionThanTheStoredOneIsAStart() {
        assertEquals("started", SubscriptionObservations.change(Optional.of(ACTIVE),
                subscription("sub_2", SubscriptionStatus.ACTIVE, "price_pro", false)));
        assertEquals("updated", SubscriptionObservations.change(Optional.of(ACTIVE),
                subscription("sub_2", SubscriptionStatus.INCOMPLETE, "price_pro", false)));
    }

    @Test
    void theEndComesFirstAndOnlyOnce() {
        Subscription canceled = subscription("sub_1", SubscriptionStatus.CANCELED, "price_business", true);
        assertEquals("ended", SubscriptionObservations.change(Optional.of(ACTIVE), canceled));
        assertEquals("updated", SubscriptionObservations.change(Optional.of(canceled),
                subscription("sub_1", SubscriptionStatus.CANCELED, "price_business", false)));
    }

    @Test
    void aPriceChangeIsAPlanChangeEvenWithACancellation() {
        assertEquals("plan_changed", SubscriptionObservations.change(Optional.of(ACTIVE),
                subscription("sub_1", SubscriptionStatus.ACTIVE, "price_business", true)));
    }

    @Test
    void aCancellationIsScheduledAndResumed() {
        Subscription scheduled = subscription("sub_1", SubscriptionStatus.ACTIVE, "price_pro", true);
        assertEquals("cancellation_scheduled", SubscriptionObservations.change(Optional.of(ACTIVE), scheduled));
        assertEquals("resumed", SubscriptionObservations.change(Optional.of(scheduled), ACTIVE));
        assertEquals("updated", SubscriptionObservations.change(Optional.of(scheduled), scheduled));
    }

    @Test
    void aStatusChangeWithinTheSubscriptionIsAnUpdate() {
        assertEquals("updated", SubscriptionObservations.change(Optional.of(ACTIVE),
                subscription("sub_1", SubscriptionStatus.PAST_DUE, "price_pro", false)));
    }

    private static Subscription subscription(String id, SubscriptionStatus status, String priceId, boolean cancel) {
        return new Subscription("user-1", id, status, "pro", BillingCycle.MONTHLY, priceId, "si_1", START,
                START.plusSeconds(2_678_400), cancel, START);
    }
}
