package dev.aibilling.function.subscriptions;

import static dev.aibilling.testing.Responses.assertError;
import static dev.aibilling.testing.Responses.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonObject;
import dev.aibilling.domain.notifications.NotificationKind;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.testing.ApiEvents;
import dev.aibilling.testing.TestBilling;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** GET/PUT /api/notifications, and the unsubscribe link of optional emails, which needs no sign-in. */
class NotificationRoutesTest {
    private static final String UNSUBSCRIBE = "/api/notifications/unsubscribe";
    private TestBilling billing;
    private SubscriptionsHandler handler;
    private String user;

    @BeforeEach
    void setUp() {
        billing = TestBilling.start();
        handler = new SubscriptionsHandler(billing.subscriptionManagement(), billing.queries(),
                billing.notificationPreferences());
        user = "user-" + UUID.randomUUID();
    }

    @AfterEach
    void tearDown() {
        billing.close();
    }

    @Test
    void everythingIsSentUntilTheUserTurnsAnOptionalKindOff() {
        JsonObject initial = body(call("GET /api/notifications", null, Map.of("sub", user)));
        assertTrue(initial.get("email").isJsonNull());
        assertEquals("{\"receipts\":true,\"paymentFailed\":true,\"subscriptionChanges\":true,\"creditsLow\":true}",
                initial.get("kinds").toString());

        APIGatewayV2HTTPResponse changed = call("PUT /api/notifications", "{\"receipts\":false}",
                Map.of("sub", user, "email", user + "@example.com"));

        assertEquals(200, changed.getStatusCode(), changed.getBody());
        JsonObject now = body(call("GET /api/notifications", null, Map.of("sub", user)));
        assertEquals(user + "@example.com", now.get("email").getAsString(), "the sign-in token's address is kept");
        assertEquals(false, now.getAsJsonObject("kinds").get("receipts").getAsBoolean());
        assertEquals(true, now.getAsJsonObject("kinds").get("creditsLow").getAsBoolean());
        // Stripe's address, once known, wins
        billing.stores().notificationSettings().rememberStripeEmail(user, "billing@customer.example");
        assertEquals("billing@customer.example",
                body(call("GET /api/notifications", null, Map.of("sub", user))).get("email").getAsString());
    }

    static Stream<Arguments> refusedChanges() {
        return Stream.of(
                Arguments.of("turning failed-payment emails off", "{\"paymentFailed\":false}"),
                Arguments.of("turning subscription confirmations off", "{\"subscriptionChanges\":false}"),
                Arguments.of("a string for a boolean", "{\"receipts\":\"no\"}"),
                Arguments.of("an unknown kind", "{\"newsletter\":false}"),
                Arguments.of("not an object", "[]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedChanges")
    void aChangeThatCannotBeMadeIs400AndChangesNothing(String name, String body) {
        APIGatewayV2HTTPResponse response = call("PUT /api/notifications", body, Map.of("sub", user));

        assertTrue(response.getStatusCode() == 400, response.getBody());
        assertEquals("{\"receipts\":true,\"paymentFailed\":true,\"subscriptionChanges\":true,\"creditsLow\":true}",
                body(call("GET /api/notifications", null, Map.of("sub", user))).get("kinds").toString());
    }

    @Test
    void aSignInAddressThatIsNotOneIs400AndChangesNothing() {
        APIGatewayV2HTTPResponse response = call("PUT /api/notifications", "{\"receipts\":false}",
                Map.of("sub", user, "email", ""));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertTrue(body(call("GET /api/notifications", null, Map.of("sub", user))).getAsJsonObject("kinds")
                .get("receipts").getAsBoolean(), "the refused request turned nothing off");
    }

    @Test
    void anEmailsUnsubscribeLinkShowsAButtonAndTheButtonTurnsTheKindOff() {
        Map<String, String> link = query(billing.unsubscribeLinks().link(user, NotificationKind.CREDITS_LOW));

        APIGatewayV2HTTPResponse page = anonymous("GET", link);
        assertEquals(200, page.getStatusCode(), page.getBody());
        assertTrue(page.getHeaders().get("content-type").startsWith("text/html"));
        assertTrue(page.getBody().contains("<form method=\"post\""), page.getBody());
        assertEquals(true, kinds().get("creditsLow").getAsBoolean(), "following the link changes nothing yet");

        APIGatewayV2HTTPResponse done = anonymous("POST", link);

        assertEquals(200, done.getStatusCode(), done.getBody());
        assertTrue(done.getBody().contains("low-credit warnings"));
        assertEquals(false, kinds().get("creditsLow").getAsBoolean());
        assertEquals(true, kinds().get("receipts").getAsBoolean());
    }

    @Test
    void aLinkForgedOrAlteredIsRefused() {
        Map<String, String> link = query(billing.unsubscribeLinks().link(user, NotificationKind.RECEIPT));
        Map<String, String> otherUser = new HashMap<>(link);
        otherUser.put("user", "user-someone-else");
        Map<String, String> otherKind = new HashMap<>(link);
        otherKind.put("kind", "creditsLow");
        Map<String, String> tampered = new HashMap<>(link);
        tampered.put("token", link.get("token").substring(1) + "A");
        Map<String, String> mandatory = query(billing.unsubscribeLinks().link(user, NotificationKind.RECEIPT)
                .replace("kind=receipts", "kind=paymentFailed"));

        for (Map<String, String> forged : List.of(otherUser, otherKind, tampered, mandatory, Map.<String, String>of())) {
            assertError(anonymous("POST", forged), 400, "invalid_request");
            assertError(anonymous("GET", forged), 400, "invalid_request");
        }
        assertEquals(true, kinds().get("receipts").getAsBoolean());
    }

    private JsonObject kinds() {
        return body(call("GET /api/notifications", null, Map.of("sub", user))).getAsJsonObject("kinds");
    }

    private APIGatewayV2HTTPResponse call(String route, String body, Map<String, String> claims) {
        APIGatewayV2HTTPEvent event = ApiEvents.jwtWithClaims(route, claims, Map.of());
        event.setBody(body);
        return handler.handleRequest(event, new LocalContext("subscriptions"));
    }

    private APIGatewayV2HTTPResponse anonymous(String method, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = ApiEvents.anonymous(method + " " + UNSUBSCRIBE, method, UNSUBSCRIBE);
        event.setQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query));
        if (method.equals("POST")) {
            event.setBody("List-Unsubscribe=One-Click");
        }
        return handler.handleRequest(event, new LocalContext("subscriptions"));
    }

    private static Map<String, String> query(String url) {
        Map<String, String> query = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return query;
    }
}
