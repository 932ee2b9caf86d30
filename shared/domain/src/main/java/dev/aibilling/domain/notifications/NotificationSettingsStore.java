package dev.aibilling.domain.notifications;

/** Port to each user's notification settings (one item with the account). */
public interface NotificationSettingsStore {
    /** The user's settings; defaults (no address, nothing turned off) when none are stored. */
    NotificationSettings find(String userId);

    /** The address the provider collected for the customer (at checkout). */
    void rememberStripeEmail(String userId, String email);

    /** The address from the user's sign-in token, kept if the provider has none. */
    void rememberUserEmail(String userId, String email);

    /** Turns an optional kind off or on again. */
    void setOptedOut(String userId, NotificationKind kind, boolean optedOut);
}
