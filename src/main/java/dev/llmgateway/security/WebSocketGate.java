package dev.llmgateway.security;

import dev.llmgateway.camel.ContextBean;
import dev.llmgateway.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The Vert.x instance and router of the WebSocket server ({@code routes/websocket.yaml}), with the
 * gateway key check in front of the handshake: without a valid key the upgrade is refused with
 * 401 before a connection exists, so an unauthenticated client never sees a status frame. The key
 * comes as {@code Authorization: Bearer}, {@code x-api-key}, or {@code ?token=} (browsers cannot set
 * headers on a WebSocket).
 */
public class WebSocketGate extends ContextBean {

    private static final String ROUTER = "llmWsRouter";

    private final GatewayKeys keys;

    public WebSocketGate(GatewayKeys keys) {
        this.keys = keys;
    }

    /**
     * Binds {@code llmWsRouter}, the router the WebSocket endpoint adds its route to
     * ({@code router=#llmWsRouter}), once per CamelContext (Camel may create this bean twice). It
     * has a small Vert.x of its own, on which the WebSocket events run, stopped with the context;
     * the Vert.x is not put in the registry, where platform-http would take it for its own.
     */
    @Override
    public void setCamelContext(CamelContext camelContext) {
        super.setCamelContext(camelContext);
        synchronized (camelContext) {
            if (camelContext.getRegistry().lookupByName(ROUTER) != null) {
                return;
            }
            // one event loop: the server is the component's; this one runs the handshake check and
            // the WebSocket events' blocking handlers (its 20 workers; chats go on to seda)
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
            Router router = Router.router(vertx);
            router.route().order(Integer.MIN_VALUE).handler(this::checkKey);
            camelContext.getRegistry().bind(ROUTER, router);
            try {
                camelContext.addService(new ServiceSupport() {
                    @Override
                    protected void doStop() {
                        vertx.close();
                    }
                }, true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
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
}
