package dev.aibilling.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.HashMap;
import java.util.Map;

/** HTTP API (payload 2.0) events as API Gateway delivers them after its authorizers ran. */
public final class ApiEvents {
    private ApiEvents() {
    }

    /** A request on an IAM-authorized route: the authorizer names a role, not a user. */
    public static APIGatewayV2HTTPEvent iam(String routeKey, String body) {
        APIGatewayV2HTTPEvent.RequestContext.IAM iam = new APIGatewayV2HTTPEvent.RequestContext.IAM();
        iam.setUserArn("arn:aws:sts::123456789012:assumed-role/ai-backend/test");
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setIam(iam);
        return event(routeKey, body, authorizer, Map.of());
    }

    /** A request on a JWT-authorized route, for the user {@code sub}. */
    public static APIGatewayV2HTTPEvent jwt(String routeKey, String sub, Map<String, String> query) {
        Map<String, String> claims = new HashMap<>();
        if (sub != null) {
            claims.put("sub", sub);
        }
        return jwtWithClaims(routeKey, claims, query);
    }

    /** A request on a JWT-authorized route with these claims, rendered as API Gateway renders them (all strings). */
    public static APIGatewayV2HTTPEvent jwtWithClaims(String routeKey, Map<String, String> claims,
                                                      Map<String, String> query) {
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(new HashMap<>(claims));
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setJwt(jwt);
        return event(routeKey, null, authorizer, query);
    }

    public static APIGatewayV2HTTPEvent anonymous(String routeKey, String method, String path) {
        APIGatewayV2HTTPEvent event = event(routeKey, null, null, Map.of());
        event.getRequestContext().getHttp().setMethod(method);
        event.setRawPath(path);
        return event;
    }

    private static APIGatewayV2HTTPEvent event(String routeKey, String body,
                                               APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer,
                                               Map<String, String> query) {
        String[] methodAndPath = routeKey.split(" ", 2);
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(methodAndPath[0]);
        http.setPath(methodAndPath.length > 1 ? methodAndPath[1] : "/");
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        context.setRouteKey(routeKey);
        context.setAuthorizer(authorizer);
        context.setRequestId("test-request");
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey(routeKey);
        event.setRawPath(http.getPath());
        event.setRequestContext(context);
        event.setQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query));
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }
}
