package dev.llmgateway.security;

import dev.llmgateway.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * The Vert.x instance and router of the WebSocket server ({@code routes/websocket.yaml}), with the
 * gateway key check in front of the handshake: without a valid key the upgrade is refused with
 * 401 before a connection exists, so an unauthenticated client never sees a status frame. The key
 * comes as {@code Authorization: Bearer}, {@code x-api-key}, or {@code ?token=} (browsers cannot set
 * headers on a WebSocket).
 */
public class WebSocketGate implements CamelContextAware {

    private final GatewayKeys keys;
    private CamelContext camelContext;
    private Vertx vertx;

    public WebSocketGate(GatewayKeys keys) {
        this.keys = keys;
    }

    /**
     * Binds {@code llmWsRouter}, the router the WebSocket endpoint adds its route to
     * ({@code router=#llmWsRouter}). It has a small Vert.x of its own, on which the WebSocket events
     * run; the Vert.x is not put in the registry, where platform-http would take it for its own.
     */
    @Override
    public synchronized void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        if (vertx == null) {
            // one event loop: the server is the component's; this one runs the handshake check and
            // the WebSocket events' blocking handlers (its 20 workers; chats go on to seda)
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
            Router router = Router.router(vertx);
            router.route().order(Integer.MIN_VALUE).handler(this::checkKey);
            camelContext.getRegistry().bind("llmWsRouter", router);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    private void checkKey(RoutingContext routing) {
        String presented = GatewayKeys.presented(routing.request().getHeader("Authorization"),
                routing.request().getHeader("x-api-key"), routing.queryParams().get("token"));
        if (keys.accepts(presented)) {
            routing.next();
            return;
        }
        routing.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                .end(Json.write(Json.object().put("type", "error").set("error", Json.object()
                        .put("code", "invalid_api_key").put("status", 401)
                        .put("message", "a gateway API key is required: send Authorization: Bearer <key> or ?token=<key>"))));
    }

    /** Stops the WebSocket server's Vert.x with the gateway ({@code destroyMethod}). */
    public synchronized void close() {
        if (vertx != null) {
            vertx.close();
            vertx = null;
        }
    }
}
