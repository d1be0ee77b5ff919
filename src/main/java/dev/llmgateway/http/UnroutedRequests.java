package dev.llmgateway.http;

import dev.llmgateway.model.GatewayException;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;

/**
 * Answers the requests no route takes as JSON in the error shape of the API the path belongs to,
 * instead of Vert.x's HTML page: a path no route serves is a 404, a method a path does not take a
 * 405 (with {@code Allow}). Clients parse these like any other error of their API:
 * <pre>
 * GET  /v1/files            → 404 {"error":{"message":"Invalid URL (GET /v1/files)","type":"invalid_request_error","param":null,"code":"unknown_url"}}
 * GET  /v1/chat/completions → 405 {"error":{"message":"Invalid method for URL (GET /v1/chat/completions)",…,"code":"method_not_allowed"}}
 * POST /api/nothing         → 404 {"error":"Invalid URL (POST /api/nothing)"}
 * GET  /v1/messages         → 405 {"type":"error","error":{"type":"invalid_request_error","message":"Invalid method for URL (GET /v1/messages)"}}
 * </pre>
 * ({@link IngressErrors} picks the shape.) It is the last route of platform-http's router, and
 * knows the paths and methods of the routes before it from platform-http's endpoints; the
 * management endpoints (metrics) are left to whatever serves them.
 */
public class UnroutedRequests extends PlatformHttpFilter {

    @Override
    protected Stage stage() {
        return Stage.UNROUTED;
    }

    @Override
    protected void handle(RoutingContext routing) {
        PlatformHttpComponent http = getCamelContext().getComponent("platform-http", PlatformHttpComponent.class);
        String path = CanonicalPath.of(routing);
        if (served(http.getHttpManagementEndpoints(), path) != null) {
            routing.next();
            return;
        }
        String allowed = served(http.getHttpEndpoints(), path);
        String request = routing.request().method().name() + " " + (path.length() > 200 ? path.substring(0, 200) + "…" : path);
        if (allowed == null) {
            IngressErrors.reply(routing, new GatewayException(404, "invalid_request_error", "unknown_url", "Invalid URL (" + request + ")"));
            return;
        }
        routing.response().putHeader("Allow", allowed);
        IngressErrors.reply(routing, new GatewayException(405, "invalid_request_error", "method_not_allowed",
                "Invalid method for URL (" + request + ")"));
    }

    /** The methods the endpoints take at {@code path} ("GET,HEAD"), or null when none serves it. */
    private static String served(Set<HttpEndpointModel> endpoints, String path) {
        String allowed = null;
        for (HttpEndpointModel endpoint : endpoints) {
            String uri = endpoint.getUri();
            boolean same = uri.endsWith("/*") ? path.startsWith(uri.substring(0, uri.length() - 1))     // the path's rest
                    : uri.contains("{") ? path.matches(uri.replaceAll("\\{[^/}]+}", "[^/]+")) : uri.equals(path);
            if (same) {
                String verbs = endpoint.getVerbs() == null ? "" : endpoint.getVerbs();
                allowed = allowed == null || allowed.isEmpty() ? verbs : allowed + "," + verbs;
            }
        }
        return allowed;
    }
}
