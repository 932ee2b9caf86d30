package dev.aibilling.function.subscriptions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonObject;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.http.ApiRequest;
import dev.aibilling.adapter.http.HttpApi;
import dev.aibilling.adapter.http.JsonFields;
import dev.aibilling.adapter.runtime.Clocks;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.secrets.Secrets;
import dev.aibilling.adapter.stripe.StripePaymentProvider;
import dev.aibilling.domain.billing.SubscriptionManagement;
import dev.aibilling.domain.billing.SubscriptionObservations;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import dev.aibilling.domain.notifications.NotificationPreferences;
import dev.aibilling.domain.notifications.UnsubscribeLinks;
import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.plans.CachedPlans;
import dev.aibilling.domain.queries.BillingQueries;
import dev.aibilling.domain.subscriptions.Subscription;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * The signed-in user's own subscription (cancel at period end, resume, change plan, the
 * billing portal; each answers the subscription as it stands after the change) and their
 * notification settings, with the unsubscribe link of optional emails.
 */
public final class SubscriptionsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String PORTAL_RETURN_URL = "BILLING_PORTAL_RETURN_URL";
    private static final Set<String> PLAN_CHANGE_FIELDS = Set.of("planId", "billingCycle");

    static final String UNSUBSCRIBE_SECRET = "UNSUBSCRIBE_SECRET";

    private final SubscriptionManagement subscriptions;
    private final BillingQueries queries;
    private final NotificationRoutes notifications;

    public SubscriptionsHandler() {
        this(Config.fromEnvironment());
    }

    private SubscriptionsHandler(Config config) {
        this(config, DynamoDbStores.fromConfig(config), Secrets.fromConfig(config), Clocks.fromConfig(config));
    }

    private SubscriptionsHandler(Config config, DynamoDbStores stores, Secrets secrets, Clock clock) {
        this(management(config, stores, secrets, clock), BillingQueries.of(stores.credits(), stores.plans(),
                stores.subscriptions(), stores.payments(), clock),
                new NotificationPreferences(stores.notificationSettings(),
                        new UnsubscribeLinks(() -> secrets.get(UNSUBSCRIBE_SECRET), "")));
    }

    public SubscriptionsHandler(SubscriptionManagement subscriptions, BillingQueries queries,
                                NotificationPreferences preferences) {
        this.subscriptions = subscriptions;
        this.queries = queries;
        this.notifications = new NotificationRoutes(preferences);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpApi.respond(event, context, request -> switch (request.routeKey()) {
            case "GET " + NotificationRoutes.UNSUBSCRIBE -> notifications.confirmPage(request);
            case "POST " + NotificationRoutes.UNSUBSCRIBE -> notifications.unsubscribe(request);
            case "GET /api/notifications" -> HttpApi.json(200, notifications.view(request));
            case "PUT /api/notifications" -> HttpApi.json(200, notifications.update(request));
            default -> HttpApi.json(200, route(request));
        });
    }

    private Object route(ApiRequest request) {
        String userId = request.userId();
        return switch (request.routeKey()) {
            case "DELETE /api/subscriptions/{id}" -> answer(subscriptions.cancel(userId, request.pathParameter("id")));
            case "POST /api/subscriptions/{id}/resume" ->
                    answer(subscriptions.resume(userId, request.pathParameter("id")));
            case "PATCH /api/subscriptions/{id}" -> {
                JsonObject body = request.jsonBody();
                JsonFields.rejectUnknown(body, PLAN_CHANGE_FIELDS);
                yield answer(subscriptions.changePlan(userId, request.pathParameter("id"),
                        JsonFields.requiredString(body, "planId"),
                        BillingCycle.of(JsonFields.requiredString(body, "billingCycle"))));
            }
            case "POST /api/billing-portal" -> Map.of("url", subscriptions.billingPortalUrl(userId));
            default -> throw new BillingException(ErrorCode.ROUTE_NOT_FOUND, "No route " + request.routeKey());
        };
    }

    private Map<String, BillingQueries.SubscriptionView> answer(Subscription subscription) {
        return Map.of("subscription", queries.view(subscription));
    }

    private static SubscriptionManagement management(Config config, DynamoDbStores stores, Secrets secrets,
                                                     Clock clock) {
        CreditLedger ledger = new CreditLedger(stores.credits(), clock);
        CachedPlans plans = new CachedPlans(stores.plans(), clock, CachedPlans.DEFAULT_TTL);
        return new SubscriptionManagement(stores.subscriptions(), stores.customers(), stores.plans(),
                new SubscriptionObservations(stores.subscriptions(), plans, ledger),
                StripePaymentProvider.fromConfig(config, secrets),
                config.required(PORTAL_RETURN_URL), clock);
    }
}
