package dev.aibilling.function.consume;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.http.HttpApi;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.credits.MoveResult;
import java.time.Clock;

/**
 * POST /api/credits/consume, for trusted (IAM-authenticated) backends: draws credits for
 * one AI operation. One DynamoDB request on the normal path.
 */
public final class ConsumeCreditsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final CreditLedger ledger;

    /** What Lambda calls: clients are built once per container. */
    public ConsumeCreditsHandler() {
        this(new CreditLedger(DynamoDbStores.fromConfig(Config.fromEnvironment()).credits(), Clock.systemUTC()));
    }

    public ConsumeCreditsHandler(CreditLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpApi.respond(event, context, request -> {
            MoveResult result = ledger.consume(ConsumeRequestBody.parse(request.jsonBody()));
            return HttpApi.json(200, result);
        });
    }
}
