package dev.aibilling.domain.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SubscriptionStatusTest {
    @Test
    void onlyCanceledAndExpiredAreTerminal() {
        assertEquals(List.of("canceled", "incomplete_expired"), names(SubscriptionStatus.TERMINAL));
        assertTrue(SubscriptionStatus.of("canceled").terminal());
        assertFalse(SubscriptionStatus.of("past_due").terminal());
    }

    @Test
    void activeTrialingAndPastDueEntitleToThePlan() {
        assertEquals(List.of("active", "past_due", "trialing"), names(SubscriptionStatus.ENTITLING));
        assertFalse(SubscriptionStatus.UNPAID.entitlesToPlan());
        assertFalse(SubscriptionStatus.INCOMPLETE.entitlesToPlan());
    }

    @Test
    void aStatusStripeAddsLaterIsKeptNeitherFinalNorEntitlingAndReportedUnknown() {
        SubscriptionStatus future = SubscriptionStatus.of("suspended_for_review");

        assertEquals("suspended_for_review", future.wireName());
        assertFalse(future.known());
        assertFalse(future.terminal());
        assertFalse(future.entitlesToPlan());
        assertTrue(SubscriptionStatus.ACTIVE.known());
    }

    private static List<String> names(java.util.Set<SubscriptionStatus> statuses) {
        return statuses.stream().map(SubscriptionStatus::wireName).sorted().collect(Collectors.toList());
    }
}
