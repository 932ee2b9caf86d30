package dev.aibilling.adapter.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.aibilling.adapter.runtime.Json;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one route and maps its outcome to an HTTP API response: known failures become
 * their 4xx with {"error":{"code","message",...}}, anything else is logged with the
 * request id and answered 500 without internals.
 */
public final class HttpApi {
    /** A detail that also becomes the Retry-After header. */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";
    private static final Map<String, String> JSON_HEADERS =
            Map.of("content-type", "application/json", "cache-control", "no-store");

    private HttpApi() {
    }

    public static APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event, Context context,
                                                   Function<ApiRequest, APIGatewayV2HTTPResponse> route) {
        try {
            return route.apply(new ApiRequest(event));
        } catch (BillingException e) {
            return error(e);
        } catch (RuntimeException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            context.getLogger().log("ERROR unhandled requestId=" + context.getAwsRequestId() + " " + trace);
            return error(new BillingException(ErrorCode.INTERNAL_ERROR,
                    "Internal error; quote request id " + context.getAwsRequestId()));
        }
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(JSON_HEADERS)
                .withBody(Json.write(body))
                .build();
    }

    /** A page for a person's browser (the unsubscribe link); {@code body} is already-escaped HTML. */
    public static APIGatewayV2HTTPResponse html(int status, String body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(Map.of("content-type", "text/html; charset=utf-8", "cache-control", "no-store",
                        "content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"))
                .withBody(body)
                .build();
    }

    public static APIGatewayV2HTTPResponse error(BillingException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code().wireCode());
        error.put("message", e.getMessage());
        error.putAll(e.details());
        APIGatewayV2HTTPResponse response = json(ErrorStatus.of(e.code()), Map.of("error", error));
        Object retryAfter = e.details().get(RETRY_AFTER_SECONDS);
        if (retryAfter != null) {
            Map<String, String> headers = new HashMap<>(response.getHeaders());
            headers.put("retry-after", retryAfter.toString());
            response.setHeaders(headers);
        }
        return response;
    }
}
