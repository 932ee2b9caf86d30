package dev.aibilling.domain.notifications;

import java.util.Objects;

/**
 * One email, ready to send. {@code unsubscribeUrl} is set for optional kinds: the mail
 * links it, and carries it as the one-click List-Unsubscribe header (RFC 8058).
 * {@code eventId} names the domain event it tells of (a header, for support and audits).
 */
public record Email(String to, String subject, String text, String html, String unsubscribeUrl, String eventId) {
    public Email {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
    }
}
