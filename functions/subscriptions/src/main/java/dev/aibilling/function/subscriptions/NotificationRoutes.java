package dev.aibilling.function.subscriptions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonObject;
import dev.aibilling.adapter.http.ApiRequest;
import dev.aibilling.adapter.http.HttpApi;
import dev.aibilling.adapter.http.JsonFields;
import dev.aibilling.domain.notifications.NotificationKind;
import dev.aibilling.domain.notifications.NotificationPreferences;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * GET/PUT /api/notifications for the signed-in user, and the unsubscribe link of optional
 * emails, which works without signing in: GET shows a page with a button (so a mail
 * scanner following links unsubscribes no one), POST (the button, or a mail provider's
 * one-click request) turns the kind off.
 */
final class NotificationRoutes {
    static final String UNSUBSCRIBE = "/api/notifications/unsubscribe";
    private static final Set<String> FIELDS = Stream.of(NotificationKind.values()).map(NotificationKind::wireName)
            .collect(Collectors.toUnmodifiableSet());

    private final NotificationPreferences preferences;

    NotificationRoutes(NotificationPreferences preferences) {
        this.preferences = preferences;
    }

    NotificationPreferences.View view(ApiRequest request) {
        return preferences.view(request.userId());
    }

    NotificationPreferences.View update(ApiRequest request) {
        String userId = request.userId();
        JsonObject body = request.jsonBody();
        JsonFields.rejectUnknown(body, FIELDS);
        Map<NotificationKind, Boolean> sent = new EnumMap<>(NotificationKind.class);
        for (NotificationKind kind : NotificationKind.values()) {
            Boolean on = JsonFields.optionalBoolean(body, kind.wireName());
            if (on != null) {
                sent.put(kind, on);
            }
        }
        return preferences.update(userId, sent, request.claim("email"));
    }

    APIGatewayV2HTTPResponse confirmPage(ApiRequest request) {
        String user = request.queryParameter("user");
        String kind = request.queryParameter("kind");
        String token = request.queryParameter("token");
        // checked now, so that a broken link says so before the button
        preferences.check(user, kind, token);
        return HttpApi.html(200, page("Unsubscribe", "<form method=\"post\" action=\"" + UNSUBSCRIBE + "?user="
                + attribute(user) + "&amp;kind=" + attribute(kind) + "&amp;token=" + attribute(token) + "\">"
                + "<p>Stop sending these emails?</p><button type=\"submit\">Unsubscribe</button></form>"));
    }

    APIGatewayV2HTTPResponse unsubscribe(ApiRequest request) {
        NotificationKind kind = preferences.unsubscribe(request.queryParameter("user"),
                request.queryParameter("kind"), request.queryParameter("token"));
        return HttpApi.html(200, page("Unsubscribed", "<p>Done: you will not receive "
                + (kind == NotificationKind.RECEIPT ? "payment receipts" : "low-credit warnings")
                + " any more. You can turn them on again in your account's notification settings.</p>"));
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title></head>"
                + "<body style=\"font-family:sans-serif;max-width:32rem;margin:4rem auto;\">" + body + "</body></html>";
    }

    private static String attribute(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
