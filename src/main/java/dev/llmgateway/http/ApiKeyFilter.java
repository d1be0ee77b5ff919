package dev.llmgateway.http;

import dev.llmgateway.model.GatewayException;
import dev.llmgateway.security.GatewayKeys;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * Asks every HTTP request for a gateway key ({@link GatewayKeys}) before any route sees it, so no
 * route can be forgotten; only the {@code gateway.auth.publicPaths} (health probes, the playground
 * page, the Ollama probe at {@code /}) and CORS preflights pass without one. The 401 comes in the
 * caller's dialect, e.g. for OpenAI clients (revoked and expired keys get their own message):
 * <pre>
 * {"error":{"message":"a gateway API key is required: send Authorization: Bearer &lt;key&gt;","type":"authentication_error","param":null,"code":"invalid_api_key"}}
 * </pre>
 */
public class ApiKeyFilter extends PlatformHttpFilter {

    private final GatewayKeys keys;
    private final Set<String> publicPaths;

    public ApiKeyFilter(GatewayKeys keys, String publicPaths) {
        this.keys = keys;
        this.publicPaths = Set.copyOf(List.of(publicPaths.trim().split("\\s*,\\s*")));     // repeats allowed
    }

    /** After {@link RequestIds} and {@link CorsFilter}, so a refused request still gets its id and CORS headers. */
    @Override
    protected Stage stage() {
        return Stage.API_KEY;
    }

    @Override
    protected void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        String path = CanonicalPath.of(routing);
        String presented = GatewayKeys.presented(request.getHeader("Authorization"), request.getHeader("x-api-key"), null);
        if (path.equals("/admin") || path.startsWith("/admin/")) {
            checkAdmin(routing, presented);
            return;
        }
        if (!keys.enabled() || request.method() == HttpMethod.OPTIONS || publicPaths.contains(path)) {
            routing.next();
            return;
        }
        try {
            keys.identify(presented);
            routing.next();
        } catch (GatewayException refused) {
            routing.response().putHeader("WWW-Authenticate", "Bearer");
            IngressErrors.reply(routing, refused);
        }
    }

    /** The admin API ({@code /admin/keys}, {@code /admin/usage}): an admin key only, and never open. */
    private void checkAdmin(RoutingContext routing, String presented) {
        if (!keys.adminEnabled()) {
            IngressErrors.reply(routing, new GatewayException(403, "permission_error", "admin_api_off",
                    "the admin API is off: set gateway.auth.adminKeys (GATEWAY_AUTH_ADMINKEYS) to use it"));
        } else if (keys.acceptsAdmin(presented)) {
            routing.next();
        } else {
            routing.response().putHeader("WWW-Authenticate", "Bearer");
            IngressErrors.reply(routing, new GatewayException(401, "authentication_error", "invalid_api_key",
                    "the admin API needs an admin key (gateway.auth.adminKeys): send Authorization: Bearer <key>"));
        }
    }
}
