package dev.aibilling.adapter.email;

import dev.aibilling.domain.notifications.Email;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.UUID;

/**
 * An email as raw MIME (RFC 5322, multipart/alternative): the plain-text and HTML bodies
 * base64-encoded UTF-8, non-ASCII headers as encoded words, and for optional kinds the
 * one-click unsubscribe headers (RFC 8058) mail providers show as an unsubscribe button.
 */
final class MimeMessage {
    private static final Base64.Encoder BODY = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII));

    private MimeMessage() {
    }

    static String render(String from, Email email, ZonedDateTime date) {
        String boundary = "=_aibilling_" + UUID.randomUUID();
        StringBuilder mime = new StringBuilder();
        header(mime, "From", from);
        header(mime, "To", email.to());
        header(mime, "Subject", encodedWord(email.subject()));
        header(mime, "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(date));
        header(mime, "MIME-Version", "1.0");
        if (email.eventId() != null) {
            header(mime, "X-Billing-Event", email.eventId());
        }
        if (email.unsubscribeUrl() != null) {
            header(mime, "List-Unsubscribe", "<" + email.unsubscribeUrl() + ">");
            header(mime, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        header(mime, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
        mime.append("\r\n");
        part(mime, boundary, "text/plain", email.text());
        part(mime, boundary, "text/html", email.html());
        mime.append("--").append(boundary).append("--\r\n");
        return mime.toString();
    }

    private static void header(StringBuilder mime, String name, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("A header value must be one line: " + name);
        }
        mime.append(name).append(": ").append(value).append("\r\n");
    }

    private static void part(StringBuilder mime, String boundary, String type, String body) {
        mime.append("--").append(boundary).append("\r\n");
        mime.append("Content-Type: ").append(type).append("; charset=UTF-8\r\n");
        mime.append("Content-Transfer-Encoding: base64\r\n\r\n");
        mime.append(BODY.encodeToString(body.getBytes(StandardCharsets.UTF_8))).append("\r\n");
    }

    /** ASCII as is; anything else as an RFC 2047 encoded word. */
    private static String encodedWord(String text) {
        boolean ascii = text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        return ascii ? text : "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))
                + "?=";
    }
}
