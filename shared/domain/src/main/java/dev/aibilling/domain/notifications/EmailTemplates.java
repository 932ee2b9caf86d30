package dev.aibilling.domain.notifications;

import java.util.Map;

/** Port to the email templates: a subject, a plain-text body and an HTML body per template name. */
public interface EmailTemplates {
    Rendered render(String template, Map<String, String> values);

    record Rendered(String subject, String text, String html) {
    }
}
