package dev.aibilling.domain.billing;

import java.time.Duration;
import java.time.Instant;

/**
 * A hosted checkout page for one price. It stays open until paid or {@code expiresAt};
 * we hand the same page out again rather than open another for every click.
 */
public record CheckoutSession(String id, String url, String priceId, Instant createdAt, Instant expiresAt) {
    /** Long enough left for a user to fill in a card; otherwise a fresh page is worth the call. */
    static final Duration REUSE_MARGIN = Duration.ofHours(1);

    boolean openAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    boolean reusableAt(Instant now) {
        return now.plus(REUSE_MARGIN).isBefore(expiresAt);
    }
}
