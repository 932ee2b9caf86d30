package dev.aibilling.function.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.emulator.RequestCounter;
import dev.aibilling.testing.ApiEvents;
import dev.aibilling.testing.Subscriber;
import dev.aibilling.testing.TestBilling;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The requests each admin route makes (reported in the closing note). */
class RequestsPerRouteTest {

    @Test
    void eachAdminRouteMakesAtMostOneStripeCall() {
        try (TestBilling billing = TestBilling.start()) {
            RequestCounter dynamoDb = new RequestCounter();
            AdminHandler handler = new AdminHandler(billing.adminOperations(dynamoDb), billing.queries(dynamoDb),
                    billing.stores(dynamoDb).auditLog(), billing.stores(dynamoDb).unmatchedNotices(), "cognito:groups",
                    "admin");
            Subscriber s = new Subscriber(billing).start();
            billing.stripe().refundCreated("re_1", s.firstPaymentIntent, 1900, 1900, 1900);
            Map<String, APIGatewayV2HTTPEvent> steps = new LinkedHashMap<>();
            steps.put("POST /api/admin/refunds (full)", event("POST /api/admin/refunds", Map.of(),
                    "{\"paymentId\":\"" + s.firstInvoice + "\"}"));
            steps.put("POST /api/admin/refunds (replay)", event("POST /api/admin/refunds", Map.of(),
                    "{\"paymentId\":\"" + s.firstInvoice + "\"}"));
            steps.put("POST /api/admin/credits/grants", event("POST /api/admin/credits/grants", Map.of(),
                    "{\"userId\":\"" + s.user + "\",\"amount\":5,\"reason\":\"r\",\"idempotencyKey\":\"k\"}"));
            steps.put("GET /api/admin/users/{userId}", event("GET /api/admin/users/{userId}",
                    Map.of("userId", s.user), null));
            steps.put("GET /api/admin/users/{userId}/ledger", event("GET /api/admin/users/{userId}/ledger",
                    Map.of("userId", s.user), null));
            steps.put("GET /api/admin/audit", event("GET /api/admin/audit", Map.of(), null));

            for (Map.Entry<String, APIGatewayV2HTTPEvent> step : steps.entrySet()) {
                dynamoDb.reset();
                int stripeBefore = billing.stripe().server().getAllServeEvents().size();
                assertEquals(200, handler.handleRequest(step.getValue(), new LocalContext("admin")).getStatusCode());
                int stripe = billing.stripe().server().getAllServeEvents().size() - stripeBefore;
                System.out.println("requests for " + step.getKey() + ": stripe=" + stripe + " dynamodb="
                        + dynamoDb.snapshot());
                assertTrue(stripe <= 1, step.getKey());
                assertTrue(dynamoDb.total() <= 12, step.getKey() + ": " + dynamoDb.snapshot());
            }
        }
    }

    private static APIGatewayV2HTTPEvent event(String route, Map<String, String> path, String body) {
        APIGatewayV2HTTPEvent event = ApiEvents.jwtWithClaims(route, Map.of("sub", "admin-1",
                "cognito:groups", "[admin]"), Map.of());
        event.setPathParameters(path);
        event.setHeaders(Map.of("idempotency-key", "refund-1"));
        event.setBody(body);
        return event;
    }
}
