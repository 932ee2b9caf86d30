package dev.aibilling.domain.notifications;

import java.util.Objects;

/**
 * One email, ready to send. {@code unsubscribeUrl} is set for optional kinds: the mail
 * links it, and carries it as the one-click List-Unsubscribe header (RFC 8058).
 */
public record Email(String to, String subject, String text, String html, String unsubscribeUrl) {
    public Email {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
    }
}
