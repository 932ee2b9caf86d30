package dev.aibilling.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.SamTemplate.HttpRoute;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * API Gateway (HTTP API, payload format 2.0) and the Function URL, locally: routes and
 * authorizers come from template.yaml, each request becomes the event API Gateway would
 * send, and the function's answer becomes the HTTP response. Also serves the dev-only
 * /local/ endpoints (tokens, queue drain, schedules, invoke, the offline Stripe).
 */
final class LocalGateway implements HttpHandler {
    static final String WEBHOOK_PATH = "/api/webhooks/stripe";
    /** Who the local gateway says signed a request with the service credential. */
    static final String SERVICE_ARN = "arn:aws:iam::000000000000:user/local-service";
    private static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final List<HttpRoute> routes;
    private final Map<String, LambdaInvoker> functions;
    private final String webhookFunction;
    private final LocalJwt jwt;
    private final String serviceCredential;
    private final DevEndpoints dev;

    LocalGateway(List<HttpRoute> routes, Map<String, LambdaInvoker> functions, String webhookFunction, LocalJwt jwt,
                 String serviceCredential, DevEndpoints dev) {
        this.routes = routes;
        this.functions = functions;
        this.webhookFunction = webhookFunction;
        this.jwt = jwt;
        this.serviceCredential = serviceCredential;
        this.dev = dev;
    }

    /** The dev-only endpoints under /local/. */
    interface DevEndpoints {
        void handle(HttpExchange exchange, String path, byte[] body) throws IOException;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = readBody(exchange);
            if (!localHost(exchange.getRequestHeaders().getFirst("host"))) {
                send(exchange, 403, Map.of("content-type", "application/json"),
                        "{\"message\":\"This development server answers only to localhost\"}");
            } else if (path.startsWith("/local/") && crossSite(exchange)) {
                send(exchange, 403, Map.of("content-type", "application/json"),
                        "{\"message\":\"The /local/ endpoints refuse requests from web pages\"}");
            } else if (body == null) {
                send(exchange, 413, Map.of("content-type", "application/json"), "{\"message\":\"Request Entity Too Large\"}");
            } else if (path.startsWith("/local/")) {
                dev.handle(exchange, path, body);
            } else if (path.equals(WEBHOOK_PATH)) {
                invoke(exchange, webhookFunction, "$default", body, null, Map.of());
            } else {
                route(exchange, path, body);
            }
        } catch (RuntimeException e) {
            System.err.println("local gateway: " + e);
            e.printStackTrace();
            send(exchange, 500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}");
        }
    }

    /**
     * Whether the Host header names this machine. A web page whose name an attacker
     * re-points at 127.0.0.1 (DNS rebinding) still sends its own name, and is refused.
     */
    static boolean localHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.split(":", 2)[0];
        return name.equalsIgnoreCase("localhost") || name.equals("127.0.0.1") || name.equals("[::1]");
    }

    /**
     * Whether a browser sent this from another site's page. /local/ mints tokens and drives
     * the emulator, so a page the developer happens to open must not reach it; API routes
     * carry their own credentials, as in AWS.
     */
    private static boolean crossSite(HttpExchange exchange) {
        if ("cross-site".equals(exchange.getRequestHeaders().getFirst("sec-fetch-site"))) {
            return true;
        }
        String origin = exchange.getRequestHeaders().getFirst("origin");
        if (origin == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            // an IPv6 host comes back in brackets, as localHost expects
            return uri.getHost() == null || !localHost(uri.getHost());
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private void route(HttpExchange exchange, String path, byte[] body) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        // as API Gateway: a route with the exact path wins over one with {parameters}, then $default
        HttpRoute route = routes.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst()
                .or(() -> routes.stream().filter(r -> r.method().equals(method) && pathParameters(r, path) != null)
                        .findFirst())
                .or(() -> routes.stream().filter(r -> r.path().equals("$default")).findFirst())
                .orElse(null);
        if (route == null) {
            send(exchange, 404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}");
            return;
        }
        JsonObject authorizer = null;
        String credential = bearer(exchange);
        switch (route.authorizer()) {
            case "NONE" -> { }
            case "AWS_IAM" -> {
                if (credential == null || !MessageDigest.isEqual(credential.getBytes(StandardCharsets.UTF_8),
                        serviceCredential.getBytes(StandardCharsets.UTF_8))) {
                    send(exchange, 403, Map.of("content-type", "application/json"), "{\"message\":\"Forbidden\"}");
                    return;
                }
                JsonObject iam = new JsonObject();
                iam.addProperty("accessKey", "LOCALSERVICE");
                iam.addProperty("accountId", "000000000000");
                iam.addProperty("callerId", "local-service");
                iam.addProperty("userArn", SERVICE_ARN);
                iam.addProperty("userId", "local-service");
                authorizer = new JsonObject();
                authorizer.add("iam", iam);
            }
            default -> {
                Optional<Map<String, String>> claims = credential == null ? Optional.empty() : jwt.verify(credential);
                if (claims.isEmpty()) {
                    send(exchange, 401, Map.of("content-type", "application/json", "www-authenticate", "Bearer"),
                            "{\"message\":\"Unauthorized\"}");
                    return;
                }
                JsonObject jwtContext = new JsonObject();
                JsonObject claimObject = new JsonObject();
                claims.get().forEach(claimObject::addProperty);
                jwtContext.add("claims", claimObject);
                jwtContext.add("scopes", null);
                authorizer = new JsonObject();
                authorizer.add("jwt", jwtContext);
            }
        }
        String routeKey = route.path().equals("$default") ? "$default" : route.method() + " " + route.path();
        Map<String, String> parameters = pathParameters(route, path);
        invoke(exchange, route.functionId(), routeKey, body, authorizer, parameters == null ? Map.of() : parameters);
    }

    /** The {name} segments of the route's path as they appear in {@code path}, or null if the path is not the route's. */
    static Map<String, String> pathParameters(HttpRoute route, String path) {
        if (route.path().equals("$default")) {
            return null;
        }
        String[] template = route.path().split("/", -1);
        String[] actual = path.split("/", -1);
        if (template.length != actual.length) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            if (template[i].startsWith("{") && template[i].endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return null;
                }
                parameters.put(template[i].substring(1, template[i].length() - 1),
                        URLDecoder.decode(actual[i], StandardCharsets.UTF_8));
            } else if (!template[i].equals(actual[i])) {
                return null;
            }
        }
        return parameters;
    }

    private void invoke(HttpExchange exchange, String function, String routeKey, byte[] body, JsonObject authorizer,
                        Map<String, String> pathParameters) throws IOException {
        JsonObject response = JsonParser.parseString(functions.get(function)
                .invokeJson(event(exchange, routeKey, body, authorizer, pathParameters).toString())).getAsJsonObject();
        Map<String, String> headers = new LinkedHashMap<>();
        JsonElement responseHeaders = response.get("headers");
        if (responseHeaders != null && responseHeaders.isJsonObject()) {
            responseHeaders.getAsJsonObject().entrySet().forEach(h -> headers.put(h.getKey(), h.getValue().getAsString()));
        }
        JsonElement responseBody = response.get("body");
        String text = responseBody == null || responseBody.isJsonNull() ? "" : responseBody.getAsString();
        boolean base64 = response.has("isBase64Encoded") && response.get("isBase64Encoded").getAsBoolean();
        send(exchange, response.get("statusCode").getAsInt(), headers,
                base64 ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8));
    }

    /** The payload-format-2.0 event for this request. */
    private static JsonObject event(HttpExchange exchange, String routeKey, byte[] body, JsonObject authorizer,
                                    Map<String, String> pathParameters) {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        JsonObject headers = new JsonObject();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.addProperty(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        JsonObject http = new JsonObject();
        http.addProperty("method", exchange.getRequestMethod().toUpperCase(Locale.ROOT));
        http.addProperty("path", path);
        http.addProperty("protocol", "HTTP/1.1");
        http.addProperty("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.addProperty("userAgent", exchange.getRequestHeaders().getFirst("user-agent"));
        Instant now = Instant.now();
        JsonObject context = new JsonObject();
        context.addProperty("accountId", "000000000000");
        context.addProperty("apiId", "local");
        context.addProperty("domainName", "localhost");
        context.addProperty("domainPrefix", "localhost");
        context.add("http", http);
        context.addProperty("requestId", UUID.randomUUID().toString());
        context.addProperty("routeKey", routeKey);
        context.addProperty("stage", "$default");
        context.addProperty("time", REQUEST_TIME.format(now));
        context.addProperty("timeEpoch", now.toEpochMilli());
        if (authorizer != null) {
            context.add("authorizer", authorizer);
        }
        JsonObject event = new JsonObject();
        event.addProperty("version", "2.0");
        event.addProperty("routeKey", routeKey);
        event.addProperty("rawPath", path);
        event.addProperty("rawQueryString", query == null ? "" : query);
        event.add("headers", headers);
        if (query != null && !query.isEmpty()) {
            JsonObject parameters = new JsonObject();
            FormEncoding.parse(query).forEach(parameters::addProperty);
            event.add("queryStringParameters", parameters);
        }
        if (!pathParameters.isEmpty()) {
            JsonObject parameters = new JsonObject();
            pathParameters.forEach(parameters::addProperty);
            event.add("pathParameters", parameters);
        }
        event.add("requestContext", context);
        if (body.length > 0) {
            Optional<String> text = utf8(body);
            event.addProperty("body", text.orElseGet(() -> Base64.getEncoder().encodeToString(body)));
            event.addProperty("isBase64Encoded", text.isEmpty());
        } else {
            event.addProperty("isBase64Encoded", false);
        }
        return event;
    }

    private static Optional<String> utf8(byte[] body) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    /** The body, or null when it is over API Gateway's 10 MB limit. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        send(exchange, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
