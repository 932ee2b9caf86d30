package dev.aibilling.function.consume;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.http.HttpApi;
import dev.aibilling.adapter.http.IamCallers;
import dev.aibilling.adapter.runtime.Clocks;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.credits.MoveResult;

/**
 * POST /api/credits/consume, for trusted backends: SigV4-signed (API Gateway checks the
 * signature and execute-api:Invoke) and named in CONSUME_CALLER_ARNS (checked here, so a
 * principal with a broad execute-api grant elsewhere in the account still cannot spend
 * credits). Draws credits for one AI operation: one DynamoDB request on the normal path.
 */
public final class ConsumeCreditsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String CALLERS_SETTING = "CONSUME_CALLER_ARNS";

    private final CreditLedger ledger;
    private final IamCallers callers;

    /** What Lambda calls: clients are built once per container. */
    public ConsumeCreditsHandler() {
        this(Config.fromEnvironment());
    }

    private ConsumeCreditsHandler(Config config) {
        this(new CreditLedger(DynamoDbStores.fromConfig(config).credits(), Clocks.fromConfig(config)),
                IamCallers.parse(config.optional(CALLERS_SETTING).orElse("")));
    }

    public ConsumeCreditsHandler(CreditLedger ledger, IamCallers callers) {
        this.ledger = ledger;
        this.callers = callers;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpApi.respond(event, context, request -> {
            // who asks is checked before what is asked: a stranger learns nothing from a 400
            String caller = callers.require(request.iamCaller());
            MoveResult result = ledger.consume(ConsumeRequestBody.parse(request.jsonBody(), caller));
            return HttpApi.json(200, result);
        });
    }
}
