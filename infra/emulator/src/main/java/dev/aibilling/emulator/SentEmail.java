package dev.aibilling.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An email SES accepted, as moto keeps it (raw MIME), taken apart: headers, and the
 * plain-text and HTML bodies of a multipart/alternative message with base64 parts (the
 * shape SesEmailSender writes).
 */
public record SentEmail(List<String> to, Map<String, String> headers, String text, String html) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public String subject() {
        return headers.get("subject");
    }

    static List<SentEmail> all(URI endpoint) {
        JsonObject data;
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            data = JsonParser.parseString(response.body()).getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalStateException("moto's API did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<SentEmail> emails = new ArrayList<>();
        JsonObject ses = data.getAsJsonObject("ses");
        JsonArray raw = ses == null ? null : ses.getAsJsonArray("RawMessage");
        if (raw != null) {
            for (JsonElement message : raw) {
                JsonObject m = message.getAsJsonObject();
                List<String> to = new ArrayList<>();
                m.getAsJsonArray("destinations").forEach(d -> to.add(d.getAsString()));
                emails.add(parse(to, m.get("raw_data").getAsString()));
            }
        }
        return emails;
    }

    static SentEmail parse(List<String> to, String mime) {
        String[] headAndBody = mime.split("\r\n\r\n", 2);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : headAndBody[0].split("\r\n")) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), decodeWord(line.substring(colon + 1).trim()));
        }
        String contentType = headers.getOrDefault("content-type", "");
        String boundary = contentType.substring(contentType.indexOf("boundary=\"") + 10, contentType.lastIndexOf('"'));
        String text = null;
        String html = null;
        for (String part : headAndBody[1].split("--" + boundary)) {
            String[] partHeadAndBody = part.split("\r\n\r\n", 2);
            if (partHeadAndBody.length < 2) {
                continue;
            }
            String body = new String(Base64.getMimeDecoder().decode(partHeadAndBody[1].trim()), StandardCharsets.UTF_8);
            if (partHeadAndBody[0].contains("text/plain")) {
                text = body;
            } else if (partHeadAndBody[0].contains("text/html")) {
                html = body;
            }
        }
        return new SentEmail(List.copyOf(to), headers, text, html);
    }

    private static String decodeWord(String value) {
        if (value.startsWith("=?UTF-8?B?") && value.endsWith("?=")) {
            return new String(Base64.getDecoder().decode(value.substring(10, value.length() - 2)), StandardCharsets.UTF_8);
        }
        return value;
    }
}
