package dev.llmgateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.dialect.anthropic.AnthropicMessagesApi;
import dev.llmgateway.dialect.openai.OpenAiChatApi;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.security.GatewayKeys;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
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
        this.publicPaths = Set.of(publicPaths.trim().split("\\s*,\\s*"));
    }

    /** After {@link RequestIds}, so a refused request still gets its id. */
    @Override
    protected int order() {
        return Integer.MIN_VALUE + 1;
    }

    @Override
    protected void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (!keys.enabled() || request.method() == HttpMethod.OPTIONS || publicPaths.contains(request.path())) {
            routing.next();
            return;
        }
        String presented = GatewayKeys.presented(request.getHeader("Authorization"), request.getHeader("x-api-key"), null);
        if (keys.accepts(presented)) {
            routing.next();
            return;
        }
        GatewayException error = new GatewayException(401, "authentication_error", "invalid_api_key",
                presented == null ? "a gateway API key is required: send Authorization: Bearer <key>"
                        : "the gateway API key is not valid");
        routing.response().setStatusCode(401)
                .putHeader("Content-Type", "application/json")
                .putHeader("WWW-Authenticate", "Bearer")
                .end(Json.write(body(request.path(), error)));
    }

    /** The error in the shape of the API the path belongs to. */
    private static ObjectNode body(String path, GatewayException error) {
        if (path.startsWith("/v1/messages")) {
            return AnthropicMessagesApi.errorBody(error);
        }
        if (path.startsWith("/api/")) {
            return Json.object().put("error", error.getMessage());           // Ollama
        }
        return OpenAiChatApi.errorBody(error);
    }
}
