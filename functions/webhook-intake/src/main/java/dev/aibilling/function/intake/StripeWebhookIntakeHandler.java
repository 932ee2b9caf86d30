package dev.aibilling.function.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.aibilling.adapter.http.HttpApi;
import dev.aibilling.adapter.runtime.Clocks;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.secrets.Secrets;
import dev.aibilling.adapter.sqs.SqsSignalQueue;
import dev.aibilling.adapter.webhook.StripeSignatureVerifier;
import dev.aibilling.adapter.webhook.StripeWebhookIntake;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * Stripe's webhook endpoint (a Lambda Function URL): verify, enqueue, answer. One SQS
 * request per event; 200 only once SQS accepted it, so nothing is acknowledged and lost.
 */
public final class StripeWebhookIntakeHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String WEBHOOK_SECRETS = "STRIPE_WEBHOOK_SECRETS";

    private final StripeWebhookIntake intake;

    public StripeWebhookIntakeHandler() {
        this(fromConfig(Config.fromEnvironment()));
    }

    public StripeWebhookIntakeHandler(StripeWebhookIntake intake) {
        this.intake = intake;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpApi.respond(event, context, request -> {
            StripeWebhookIntake.ReceivedEvent received = intake.accept(request.header("stripe-signature"),
                    request.rawBody(StripeWebhookIntake.MAX_PAYLOAD_BYTES));
            context.getLogger().log("webhook queued id=" + received.id() + " type=" + received.type());
            return HttpApi.json(200, Map.of("received", true, "id", received.id()));
        });
    }

    private static StripeWebhookIntake fromConfig(Config config) {
        Secrets secrets = Secrets.fromConfig(config);
        Clock clock = Clocks.fromConfig(config);
        return new StripeWebhookIntake(
                () -> new StripeSignatureVerifier(Arrays.stream(secrets.get(WEBHOOK_SECRETS).split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList(), clock),
                Boolean.parseBoolean(config.optional("STRIPE_LIVEMODE").orElse("false")),
                SqsSignalQueue.fromConfig(config));
    }
}
