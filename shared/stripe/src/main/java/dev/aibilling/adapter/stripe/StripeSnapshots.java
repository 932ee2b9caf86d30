package dev.aibilling.adapter.stripe;

import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import dev.aibilling.domain.subscriptions.SubscriptionSnapshot;
import dev.aibilling.domain.subscriptions.SubscriptionStatus;
import java.time.Instant;
import java.util.Map;

/** Stripe's objects, in the API version stripe-java pins, as the domain reads them. */
final class StripeSnapshots {
    /** The metadata key checkout writes on the session and the subscription. */
    static final String USER_ID = "userId";

    private StripeSnapshots() {
    }

    /** Billing periods live on the subscription's items since the 2025 versions. */
    static SubscriptionSnapshot subscription(Subscription subscription) {
        SubscriptionItem item = subscription.getItems().getData().get(0);
        Map<String, String> metadata = subscription.getMetadata();
        return new SubscriptionSnapshot(subscription.getId(), subscription.getCustomer(),
                metadata == null ? null : metadata.get(USER_ID), SubscriptionStatus.of(subscription.getStatus()),
                item.getPrice().getId(), item.getId(), Instant.ofEpochSecond(item.getCurrentPeriodStart()),
                Instant.ofEpochSecond(item.getCurrentPeriodEnd()),
                Boolean.TRUE.equals(subscription.getCancelAtPeriodEnd()));
    }
}
