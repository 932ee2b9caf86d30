package dev.aibilling.domain.notifications;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where and what to tell a user. The address Stripe knows for the customer (Checkout
 * collects it, an invoice names it) wins over the one from the user's sign-in token;
 * {@code optedOut} holds the optional kinds the user turned off.
 */
public record NotificationSettings(String userId, String stripeEmail, String userEmail, Set<NotificationKind> optedOut) {
    public NotificationSettings {
        optedOut = optedOut.isEmpty() ? EnumSet.noneOf(NotificationKind.class) : EnumSet.copyOf(optedOut);
    }

    public static NotificationSettings none(String userId) {
        return new NotificationSettings(userId, null, null, Set.of());
    }

    /**
     * The address to write to; {@code billedTo} is the one Stripe billed for the event at
     * hand (null if none), which is newer than the one stored at checkout and is there even
     * when the invoice is handled before the checkout that collected the address.
     */
    public Optional<String> recipient(String billedTo) {
        if (billedTo != null && !billedTo.isBlank()) {
            return Optional.of(billedTo);
        }
        return Optional.ofNullable(stripeEmail != null ? stripeEmail : userEmail);
    }

    public boolean wants(NotificationKind kind) {
        return !kind.optional() || !optedOut.contains(kind);
    }
}
