package dev.aibilling.function.queries;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.http.ApiRequest;
import dev.aibilling.adapter.http.HttpApi;
import dev.aibilling.adapter.runtime.Clocks;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import dev.aibilling.domain.paging.PageRequest;
import dev.aibilling.domain.queries.BillingQueries;
import java.time.Clock;

/**
 * The read routes of the HTTP API. The plan list is cached in the container (it is the
 * one anonymous route); everything else is read per call.
 */
public final class QueriesHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final BillingQueries queries;

    public QueriesHandler() {
        this(Config.fromEnvironment());
    }

    private QueriesHandler(Config config) {
        this(DynamoDbStores.fromConfig(config), Clocks.fromConfig(config));
    }

    private QueriesHandler(DynamoDbStores stores, Clock clock) {
        this(BillingQueries.of(stores.credits(), stores.plans(), stores.subscriptions(), stores.payments(), clock));
    }

    public QueriesHandler(BillingQueries queries) {
        this.queries = queries;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpApi.respond(event, context, request -> HttpApi.json(200, route(request)));
    }

    private Object route(ApiRequest request) {
        return switch (request.routeKey()) {
            case "GET /api/plans" -> queries.plans();
            case "GET /api/credits" -> queries.credits(request.userId());
            case "GET /api/credits/usage" -> queries.usage(request.userId(), page(request));
            case "GET /api/subscriptions" -> queries.subscription(request.userId());
            case "GET /api/payments" -> queries.payments(request.userId(), page(request));
            default -> throw new BillingException(ErrorCode.ROUTE_NOT_FOUND,
                    "No route for " + request.method() + " " + request.path());
        };
    }

    private static PageRequest page(ApiRequest request) {
        return PageRequest.of(request.queryParameter("limit"), request.queryParameter("cursor"));
    }
}
