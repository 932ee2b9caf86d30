package dev.aibilling.domain.notifications;

import java.util.Locale;

/**
 * The emails the service sends. A user may turn off the optional ones; a failed payment
 * and a change to the subscription they made are always told.
 */
public enum NotificationKind {
    RECEIPT("receipts", true),
    PAYMENT_FAILED("paymentFailed", false),
    SUBSCRIPTION("subscriptionChanges", false),
    CREDITS_LOW("creditsLow", true);

    private final String wireName;
    private final boolean optional;

    NotificationKind(String wireName, boolean optional) {
        this.wireName = wireName;
        this.optional = optional;
    }

    /** The name in the preferences API, the unsubscribe link and the DisabledNotifications parameter. */
    public String wireName() {
        return wireName;
    }

    public boolean optional() {
        return optional;
    }

    public static NotificationKind fromWireName(String name) {
        for (NotificationKind kind : values()) {
            if (kind.wireName.equals(name) || kind.name().equals(name.toUpperCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("No notification kind " + name);
    }
}
