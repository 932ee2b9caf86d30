package dev.aibilling.function.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.aibilling.domain.notifications.NotificationPreferences;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.emulator.RequestCounter;
import dev.aibilling.testing.ApiEvents;
import dev.aibilling.testing.Subscriber;
import dev.aibilling.testing.TestBilling;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The requests each subscription route makes (reported in the closing note): one Stripe call at most. */
class RequestsPerRouteTest {

    @Test
    void eachRouteMakesAtMostOneStripeCallAndFewDynamoDbRequests() {
        try (TestBilling billing = TestBilling.start()) {
            RequestCounter dynamoDb = new RequestCounter();
            SubscriptionsHandler handler = new SubscriptionsHandler(billing.subscriptionManagement(dynamoDb),
                    billing.queries(dynamoDb), new NotificationPreferences(
                    billing.stores(dynamoDb).notificationSettings(), billing.unsubscribeLinks()));
            Subscriber s = new Subscriber(billing).start();
            billing.stripe().billingPortalSession("https://billing.stripe.com/p/session/test_1");
            Map<String, Runnable> steps = new LinkedHashMap<>();
            steps.put("PATCH /api/subscriptions/{id} (upgrade)", () -> {
                billing.stripe().subscriptionUpdated(s.subscriptionObject("active", 1, false,
                        TestBilling.BUSINESS_MONTHLY));
                call(handler, "PATCH /api/subscriptions/{id}", s, "{\"planId\":\"business\",\"billingCycle\":\"monthly\"}");
            });
            steps.put("DELETE /api/subscriptions/{id}", () -> {
                billing.stripe().subscriptionUpdated(s.subscriptionObject("active", 1, true,
                        TestBilling.BUSINESS_MONTHLY));
                call(handler, "DELETE /api/subscriptions/{id}", s, null);
            });
            steps.put("POST /api/subscriptions/{id}/resume", () -> {
                billing.stripe().subscriptionUpdated(s.subscriptionObject("active", 1, false,
                        TestBilling.BUSINESS_MONTHLY));
                call(handler, "POST /api/subscriptions/{id}/resume", s, null);
            });
            steps.put("POST /api/billing-portal", () -> call(handler, "POST /api/billing-portal", s, null));

            for (Map.Entry<String, Runnable> step : steps.entrySet()) {
                dynamoDb.reset();
                int stripeBefore = billing.stripe().server().getAllServeEvents().size();
                step.getValue().run();
                int stripe = billing.stripe().server().getAllServeEvents().size() - stripeBefore;
                System.out.println("requests for " + step.getKey() + ": stripe=" + stripe + " dynamodb="
                        + dynamoDb.snapshot());
                assertEquals(1, stripe, step.getKey());
                assertTrue(dynamoDb.total() <= 10, step.getKey() + ": " + dynamoDb.snapshot());
            }
        }
    }

    private static void call(SubscriptionsHandler handler, String route, Subscriber s, String body) {
        APIGatewayV2HTTPEvent event = ApiEvents.jwt(route, s.user, Map.of());
        event.setPathParameters(Map.of("id", s.subscription));
        event.setBody(body);
        assertEquals(200, handler.handleRequest(event, new LocalContext("subscriptions")).getStatusCode(), route);
    }
}
