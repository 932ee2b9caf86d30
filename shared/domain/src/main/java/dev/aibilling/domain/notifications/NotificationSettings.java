package dev.aibilling.domain.notifications;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where and what to tell a user. The address Stripe knows for the customer (Checkout
 * collects it) wins over the one from the user's sign-in token; {@code optedOut} holds
 * the optional kinds the user turned off.
 */
public record NotificationSettings(String userId, String stripeEmail, String userEmail, Set<NotificationKind> optedOut) {
    public NotificationSettings {
        optedOut = optedOut.isEmpty() ? EnumSet.noneOf(NotificationKind.class) : EnumSet.copyOf(optedOut);
    }

    public static NotificationSettings none(String userId) {
        return new NotificationSettings(userId, null, null, Set.of());
    }

    public Optional<String> recipient() {
        return Optional.ofNullable(stripeEmail != null ? stripeEmail : userEmail);
    }

    public boolean wants(NotificationKind kind) {
        return !kind.optional() || !optedOut.contains(kind);
    }
}
