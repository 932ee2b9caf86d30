package dev.aibilling.function.admin;

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
import dev.aibilling.domain.admin.AdminOperations;
import dev.aibilling.domain.audit.AuditLog;
import dev.aibilling.domain.billing.RefundObservations;
import dev.aibilling.domain.billing.RefundReason;
import dev.aibilling.domain.billing.UnmatchedNotices;
import dev.aibilling.domain.credits.AdjustmentRequest;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import dev.aibilling.domain.limits.Limits;
import dev.aibilling.domain.paging.PageRequest;
import dev.aibilling.domain.queries.BillingQueries;
import java.time.Clock;
import java.util.Set;

/**
 * Support's routes: refunds, credit adjustments, a user's account and ledger, the audit
 * log, and the Stripe events that were not ours. Every route needs a JWT whose group claim (ADMIN_GROUP_CLAIM, a template
 * parameter) lists the admin group (ADMIN_GROUP); others get 403.
 */
public final class AdminHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String GROUP_CLAIM = "ADMIN_GROUP_CLAIM";
    static final String GROUP = "ADMIN_GROUP";
    private static final Set<String> REFUND_FIELDS = Set.of("paymentId", "amount", "reason");
    private static final Set<String> GRANT_FIELDS = Set.of("userId", "amount", "reason", "idempotencyKey");

    private final AdminOperations operations;
    private final BillingQueries queries;
    private final AuditLog audit;
    private final UnmatchedNotices unmatched;
    private final String groupClaim;
    private final String group;

    public AdminHandler() {
        this(Config.fromEnvironment());
    }

    private AdminHandler(Config config) {
        this(config, DynamoDbStores.fromConfig(config), Clocks.fromConfig(config));
    }

    private AdminHandler(Config config, DynamoDbStores stores, Clock clock) {
        this(operations(config, stores, clock), BillingQueries.of(stores.credits(), stores.plans(),
                stores.subscriptions(), stores.payments(), clock), stores.auditLog(), stores.unmatchedNotices(),
                config.optional(GROUP_CLAIM).orElse("cognito:groups"), config.optional(GROUP).orElse("admin"));
    }

    public AdminHandler(AdminOperations operations, BillingQueries queries, AuditLog audit, UnmatchedNotices unmatched,
                        String groupClaim, String group) {
        this.operations = operations;
        this.queries = queries;
        this.audit = audit;
        this.unmatched = unmatched;
        this.groupClaim = groupClaim;
        this.group = group;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpApi.respond(event, context, request -> {
            String adminId = request.adminId(groupClaim, group);
            Object answer = route(request, adminId);
            context.getLogger().log("admin route=" + request.routeKey() + " admin=" + adminId);
            return HttpApi.json(200, answer);
        });
    }

    private Object route(ApiRequest request, String adminId) {
        return switch (request.routeKey()) {
            case "POST /api/admin/refunds" -> refund(request, adminId);
            case "POST /api/admin/credits/grants" -> grant(request, adminId);
            case "GET /api/admin/users/{userId}" -> queries.user(Limits.userId(request.pathParameter("userId")));
            case "GET /api/admin/users/{userId}/ledger" ->
                    queries.usage(Limits.userId(request.pathParameter("userId")), page(request));
            case "GET /api/admin/audit" -> audit.list(page(request));
            case "GET /api/admin/stripe/unmatched" -> unmatched.list(page(request));
            default -> throw new BillingException(ErrorCode.ROUTE_NOT_FOUND, "No route " + request.routeKey());
        };
    }

    /** The key comes in the Idempotency-Key header, as with Stripe's own API: a retry with it refunds once. */
    private AdminOperations.RefundOutcome refund(ApiRequest request, String adminId) {
        String key = request.header("idempotency-key");
        if (key == null) {
            throw BillingException.invalid("A refund needs an Idempotency-Key header, so a retry refunds once");
        }
        JsonObject body = request.jsonBody();
        JsonFields.rejectUnknown(body, REFUND_FIELDS);
        String reason = JsonFields.optionalString(body, "reason");
        return operations.refund(adminId, Limits.text("paymentId", JsonFields.requiredString(body, "paymentId"), 255),
                JsonFields.optionalInteger(body, "amount"), reason == null ? null : RefundReason.of(reason), key);
    }

    private Object grant(ApiRequest request, String adminId) {
        JsonObject body = request.jsonBody();
        JsonFields.rejectUnknown(body, GRANT_FIELDS);
        return operations.adjust(new AdjustmentRequest(JsonFields.requiredString(body, "userId"),
                JsonFields.requiredInteger(body, "amount"), JsonFields.requiredString(body, "reason"),
                JsonFields.requiredString(body, "idempotencyKey"), adminId));
    }

    private static PageRequest page(ApiRequest request) {
        return PageRequest.of(request.queryParameter("limit"), request.queryParameter("cursor"));
    }

    private static AdminOperations operations(Config config, DynamoDbStores stores, Clock clock) {
        CreditLedger ledger = new CreditLedger(stores.credits(), clock);
        return new AdminOperations(stores.payments(), new RefundObservations(stores.payments(), ledger), ledger,
                stores.auditLog(), StripePaymentProvider.fromConfig(config, Secrets.fromConfig(config)), clock);
    }
}
