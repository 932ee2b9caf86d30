package dev.aibilling.domain.subscriptions;

import java.util.Objects;
import java.util.Set;

/**
 * A subscription's status as the provider names it. The one place that says which
 * statuses are final and which entitle the user to the plan. A status this code does not
 * know (the provider adds one) is kept as sent and reported by {@link #known()}: it is
 * neither final nor entitling, so it neither blocks a fix nor grants a plan by accident.
 */
public record SubscriptionStatus(String wireName) {
    public static final SubscriptionStatus INCOMPLETE = new SubscriptionStatus("incomplete");
    public static final SubscriptionStatus INCOMPLETE_EXPIRED = new SubscriptionStatus("incomplete_expired");
    public static final SubscriptionStatus TRIALING = new SubscriptionStatus("trialing");
    public static final SubscriptionStatus ACTIVE = new SubscriptionStatus("active");
    public static final SubscriptionStatus PAST_DUE = new SubscriptionStatus("past_due");
    public static final SubscriptionStatus UNPAID = new SubscriptionStatus("unpaid");
    public static final SubscriptionStatus PAUSED = new SubscriptionStatus("paused");
    public static final SubscriptionStatus CANCELED = new SubscriptionStatus("canceled");

    /** Statuses a subscription never leaves. */
    public static final Set<SubscriptionStatus> TERMINAL = Set.of(CANCELED, INCOMPLETE_EXPIRED);
    /** Statuses in which the user holds the plan: paid, in trial, or in the provider's retry window. */
    public static final Set<SubscriptionStatus> ENTITLING = Set.of(ACTIVE, TRIALING, PAST_DUE);
    private static final Set<SubscriptionStatus> KNOWN =
            Set.of(INCOMPLETE, INCOMPLETE_EXPIRED, TRIALING, ACTIVE, PAST_DUE, UNPAID, PAUSED, CANCELED);

    public SubscriptionStatus {
        Objects.requireNonNull(wireName, "wireName");
    }

    public static SubscriptionStatus of(String wireName) {
        return new SubscriptionStatus(wireName);
    }

    /** The subscription has ended for good; nothing may replace this observation of it. */
    public boolean terminal() {
        return TERMINAL.contains(this);
    }

    /** The user holds the subscription's plan. */
    public boolean entitlesToPlan() {
        return ENTITLING.contains(this);
    }

    public boolean known() {
        return KNOWN.contains(this);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
