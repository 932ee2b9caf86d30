package dev.aibilling.function.seed;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.runtime.PriceIdSettings;
import dev.aibilling.domain.plans.PlanCatalog;
import dev.aibilling.domain.plans.PlanStore;
import java.util.HashMap;
import java.util.Map;

/**
 * The Custom::PlanCatalog resource: on Create and Update writes the catalog (price ids
 * come from the resource's properties, so a new price id re-seeds); on Delete keeps the
 * plans, like the table. Always answers CloudFormation, or the stack would hang an hour.
 */
public final class SeedPlansHandler implements RequestHandler<CloudFormationCustomResourceEvent, Void> {
    static final String PHYSICAL_ID = "plan-catalog";

    private final PlanStore plans;
    private final CloudFormationResponder responder;

    public SeedPlansHandler() {
        this(DynamoDbStores.fromConfig(Config.fromEnvironment()).plans(), new CloudFormationResponder());
    }

    public SeedPlansHandler(PlanStore plans, CloudFormationResponder responder) {
        this.plans = plans;
        this.responder = responder;
    }

    @Override
    public Void handleRequest(CloudFormationCustomResourceEvent event, Context context) {
        String reason = "Plan catalog seeded";
        boolean success = true;
        try {
            if ("Delete".equals(event.getRequestType())) {
                reason = "Plans are kept when the stack is deleted";
            } else {
                plans.seed(PlanCatalog.plans(PriceIdSettings.from(Config.of(stringProperties(event.getResourceProperties())))));
            }
        } catch (RuntimeException e) {
            context.getLogger().log("ERROR seeding plans requestId=" + context.getAwsRequestId() + ": " + e);
            success = false;
            reason = "Seeding failed; see log stream " + context.getLogStreamName();
        }
        responder.send(event, success, reason, PHYSICAL_ID);
        return null;
    }

    private static Map<String, String> stringProperties(Map<String, Object> properties) {
        Map<String, String> values = new HashMap<>();
        if (properties != null) {
            properties.forEach((key, value) -> values.put(key, value == null ? null : value.toString()));
        }
        return values;
    }
}
