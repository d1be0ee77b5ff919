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
 * caller's dialect, e.g. for OpenAI clients:
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
        if (!keys.enabled() || request.method() == HttpMethod.OPTIONS || publicPaths.contains(CanonicalPath.of(routing))) {
            routing.next();
            return;
        }
        String presented = GatewayKeys.presented(request.getHeader("Authorization"), request.getHeader("x-api-key"), null);
        if (keys.accepts(presented)) {
            routing.next();
            return;
        }
        routing.response().putHeader("WWW-Authenticate", "Bearer");
        IngressErrors.reply(routing, new GatewayException(401, "authentication_error", "invalid_api_key",
                presented == null ? "a gateway API key is required: send Authorization: Bearer <key>"
                        : "the gateway API key is not valid"));
    }
}
