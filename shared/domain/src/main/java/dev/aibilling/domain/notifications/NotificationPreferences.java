package dev.aibilling.domain.notifications;

import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.limits.Limits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a user chose to receive: every kind with whether it is sent, and the address used.
 * Only the optional kinds (receipts, low-credit warnings) can be turned off, signed in or
 * through an email's unsubscribe link.
 */
public final class NotificationPreferences {
    private final NotificationSettingsStore store;
    private final UnsubscribeLinks links;

    public NotificationPreferences(NotificationSettingsStore store, UnsubscribeLinks links) {
        this.store = store;
        this.links = links;
    }

    /** {@code kinds}: each kind's wire name, and whether it is sent. */
    public record View(String email, Map<String, Boolean> kinds) {
    }

    public View view(String userId) {
        NotificationSettings settings = store.find(userId);
        Map<String, Boolean> kinds = new LinkedHashMap<>();
        for (NotificationKind kind : NotificationKind.values()) {
            kinds.put(kind.wireName(), settings.wants(kind));
        }
        return new View(settings.recipient(null).orElse(null), kinds);
    }

    /**
     * Applies the choices and remembers the sign-in token's address (used when Stripe has
     * none), then answers the preferences as they are now.
     */
    public View update(String userId, Map<NotificationKind, Boolean> sent, Optional<String> tokenEmail) {
        for (Map.Entry<NotificationKind, Boolean> choice : sent.entrySet()) {
            if (!choice.getKey().optional() && !choice.getValue()) {
                throw BillingException.invalid(choice.getKey().wireName() + " emails cannot be turned off");
            }
        }
        // checked before anything is written: a refused request changes nothing
        Optional<String> email = tokenEmail.map(Limits::email);
        sent.forEach((kind, on) -> {
            if (kind.optional()) {
                store.setOptedOut(userId, kind, !on);
            }
        });
        email.ifPresent(address -> store.rememberUserEmail(userId, address));
        return view(userId);
    }

    /** An unsubscribe link followed: the kind is turned off if the link is the one we sent. */
    public NotificationKind unsubscribe(String userId, String kindName, String token) {
        NotificationKind kind = check(userId, kindName, token);
        store.setOptedOut(userId, kind, true);
        return kind;
    }

    /** The kind an unsubscribe link turns off; 400 if the link is not one we sent. */
    public NotificationKind check(String userId, String kindName, String token) {
        NotificationKind kind;
        try {
            kind = NotificationKind.fromWireName(kindName == null ? "" : kindName);
        } catch (IllegalArgumentException e) {
            throw BillingException.invalid("This unsubscribe link names no kind of email we send");
        }
        if (userId == null || !kind.optional() || !links.valid(userId, kind, token)) {
            throw BillingException.invalid("This unsubscribe link is not valid");
        }
        return kind;
    }
}
