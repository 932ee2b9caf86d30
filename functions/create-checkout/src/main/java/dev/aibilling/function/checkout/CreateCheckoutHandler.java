package dev.aibilling.function.checkout;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.http.HttpApi;
import dev.aibilling.adapter.runtime.Clocks;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.secrets.Secrets;
import dev.aibilling.adapter.stripe.StripePaymentProvider;
import dev.aibilling.domain.billing.CheckoutService;
import dev.aibilling.domain.billing.CheckoutSession;
import java.util.Map;

/** POST /api/create-checkout: a Stripe Checkout session for one of the catalog's prices. */
public final class CreateCheckoutHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final CheckoutService checkout;

    public CreateCheckoutHandler() {
        this(fromConfig(Config.fromEnvironment()));
    }

    public CreateCheckoutHandler(CheckoutService checkout) {
        this.checkout = checkout;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpApi.respond(event, context, request -> {
            String userId = request.userId();
            CheckoutChoice choice = CheckoutChoice.parse(request.jsonBody());
            CheckoutSession session = checkout.start(userId, choice.planId(), choice.priceId(), choice.cycle());
            context.getLogger().log("checkout started user=" + userId + " session=" + session.id());
            return HttpApi.json(200, Map.of("url", session.url(), "sessionId", session.id()));
        });
    }

    private static CheckoutService fromConfig(Config config) {
        DynamoDbStores stores = DynamoDbStores.fromConfig(config);
        return new CheckoutService(stores.plans(), stores.subscriptions(), stores.customers(),
                StripePaymentProvider.fromConfig(config, Secrets.fromConfig(config)),
                config.required("CHECKOUT_SUCCESS_URL"), config.required("CHECKOUT_CANCEL_URL"), Clocks.fromConfig(config));
    }
}
