package dev.aibilling.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Reads handler responses the way a client would: status, then the JSON body. */
public final class Responses {
    private Responses() {
    }

    public static JsonObject body(APIGatewayV2HTTPResponse response) {
        return JsonParser.parseString(response.getBody()).getAsJsonObject();
    }

    /** Asserts an error response: its status, the JSON error shape and its code; returns the error object. */
    public static JsonObject assertError(APIGatewayV2HTTPResponse response, int status, String code) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("content-type"));
        JsonObject error = body(response).getAsJsonObject("error");
        assertEquals(code, error.get("code").getAsString());
        assertEquals(false, error.get("message").getAsString().isBlank());
        return error;
    }
}
