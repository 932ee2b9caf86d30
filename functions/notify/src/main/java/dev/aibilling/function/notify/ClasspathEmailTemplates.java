package dev.aibilling.function.notify;

import dev.aibilling.domain.notifications.EmailTemplates;
import dev.aibilling.domain.notifications.TemplateText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The templates under src/main/resources/templates, packaged in the jar: for each name a
 * subject ({@code name.subject.txt}), a plain-text body ({@code name.txt}) and an HTML
 * fragment ({@code name.html}) set in {@code layout.html}. The layout's {{{body}}} and
 * {{{footer}}} take HTML as is; every other value is escaped. An email with an unsubscribe
 * link says so at its end, in both bodies.
 */
public final class ClasspathEmailTemplates implements EmailTemplates {
    private static final String BODY = "\u0000body\u0000";
    private static final String FOOTER = "\u0000footer\u0000";
    private final Map<String, String> files = new ConcurrentHashMap<>();

    @Override
    public Rendered render(String template, Map<String, String> values) {
        String subject = TemplateText.fill(file(template + ".subject.txt"), values, false).strip();
        String unsubscribe = values.getOrDefault("unsubscribeUrl", "");
        String text = TemplateText.fill(file(template + ".txt"), values, false).strip()
                + (unsubscribe.isEmpty() ? "" : "\n\nUnsubscribe from these emails: " + unsubscribe) + "\n";
        Map<String, String> layoutValues = new HashMap<>(values);
        layoutValues.put("subject", subject);
        String layout = file("layout.html").replace("{{{body}}}", BODY).replace("{{{footer}}}", FOOTER);
        String footer = unsubscribe.isEmpty() ? "" : " Don't want these emails? <a href=\""
                + TemplateText.fill("{{url}}", Map.of("url", unsubscribe), true)
                + "\" style=\"color:#6b7280;\">Unsubscribe</a>.";
        String html = TemplateText.fill(layout, layoutValues, true)
                .replace(BODY, TemplateText.fill(file(template + ".html"), values, true).strip())
                .replace(FOOTER, footer);
        return new Rendered(subject, text, html);
    }

    private String file(String name) {
        return files.computeIfAbsent(name, n -> {
            try (InputStream in = ClasspathEmailTemplates.class.getResourceAsStream("/templates/" + n)) {
                if (in == null) {
                    throw new IllegalStateException("No template file templates/" + n + " in the jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
