package dev.aibilling.adapter.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.google.gson.JsonObject;
import dev.aibilling.adapter.runtime.Json;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import dev.aibilling.domain.limits.Limits;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** An HTTP API (payload format 2.0) request, read the same way by every function. */
public final class ApiRequest {
    private final APIGatewayV2HTTPEvent event;

    ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
    }

    /** "GET /api/credits", or "$default" for a request no declared route matched. */
    public String routeKey() {
        return event.getRouteKey() == null ? "$default" : event.getRouteKey();
    }

    public String method() {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        return context == null || context.getHttp() == null ? "?" : context.getHttp().getMethod();
    }

    public String path() {
        return event.getRawPath();
    }

    /** The caller, from the JWT authorizer's {@code sub} claim; never from the request itself. */
    public String userId() {
        String subject = claims().get("sub");
        if (subject == null) {
            throw new BillingException(ErrorCode.UNAUTHORIZED, "A bearer token with a sub claim is required");
        }
        return Limits.userId(subject);
    }

    /** A claim of the caller's JWT, if the token has it. */
    public Optional<String> claim(String name) {
        return Optional.ofNullable(claims().get(name));
    }

    /**
     * The caller, if the JWT's {@code groupClaim} lists {@code group}; 403 otherwise. API
     * Gateway passes a list claim as one string, "[admin support]"; a plain string claim
     * names one group.
     */
    public String adminId(String groupClaim, String group) {
        String adminId = userId();
        String value = claims().getOrDefault(groupClaim, "");
        String list = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        if (!Arrays.asList(list.trim().split("[\\s,]+")).contains(group)) {
            throw new BillingException(ErrorCode.FORBIDDEN, "This route is for the " + group + " group");
        }
        return adminId;
    }

    /** A path parameter of the route ({id} in /api/subscriptions/{id}); present by the route's definition. */
    public String pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        String value = parameters == null ? null : parameters.get(name);
        if (value == null || value.isEmpty()) {
            throw BillingException.invalid("Path parameter " + name + " is missing");
        }
        return value;
    }

    private Map<String, String> claims() {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        Map<String, String> claims = context == null || context.getAuthorizer() == null
                || context.getAuthorizer().getJwt() == null ? null : context.getAuthorizer().getJwt().getClaims();
        return claims == null ? Map.of() : claims;
    }

    public String queryParameter(String name) {
        Map<String, String> parameters = event.getQueryStringParameters();
        return parameters == null ? null : parameters.get(name);
    }

    /** A header by name, case-insensitively (Function URLs and HTTP APIs lower-case them). */
    public String header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** The body as one JSON object, at most {@link Limits#MAX_BODY_BYTES} bytes. */
    public JsonObject jsonBody() {
        byte[] bytes = rawBody(Limits.MAX_BODY_BYTES);
        if (bytes.length == 0) {
            throw new BillingException(ErrorCode.INVALID_JSON, "A JSON body is required");
        }
        return Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * The body's bytes as the client sent them (base64 bodies decoded), at most
     * {@code maxBytes}; empty when there is none. The size is checked before decoding, so
     * an oversized body costs no decoding and no copy.
     */
    public byte[] rawBody(int maxBytes) {
        String raw = event.getBody();
        if (raw == null) {
            return new byte[0];
        }
        boolean base64 = event.getIsBase64Encoded();
        // a base64 text of n bytes has 4 * ceil(n / 3) characters; UTF-8 has at least one byte per character
        long bound = base64 ? 4L * ((maxBytes + 2) / 3) : maxBytes;
        if (raw.length() > bound) {
            throw tooLarge(maxBytes);
        }
        byte[] bytes;
        try {
            bytes = base64 ? Base64.getDecoder().decode(raw) : raw.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BillingException(ErrorCode.INVALID_JSON, "Body is not valid base64");
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return bytes;
    }

    private static BillingException tooLarge(int maxBytes) {
        return new BillingException(ErrorCode.PAYLOAD_TOO_LARGE, "Body is over the limit of " + maxBytes + " bytes");
    }

    /**
     * The IAM identity that signed the request (routes with the IAM authorizer): a role
     * session (arn:aws:sts::…:assumed-role/Role/session) or a user ARN.
     */
    public String iamCaller() {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        String arn = context == null || context.getAuthorizer() == null || context.getAuthorizer().getIam() == null
                ? null : context.getAuthorizer().getIam().getUserArn();
        if (arn == null) {
            throw new BillingException(ErrorCode.FORBIDDEN, "This route needs a SigV4-signed request");
        }
        return arn;
    }
}
