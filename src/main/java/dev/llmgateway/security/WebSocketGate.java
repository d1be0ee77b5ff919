package dev.llmgateway.security;

import dev.llmgateway.camel.ContextBean;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.GatewayException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The Vert.x instance and router of the WebSocket server ({@code routes/websocket.yaml}), with two
 * checks in front of the handshake, so a refused client never sees a status frame:
 * <ul>
 *   <li>the page and host rules ({@link SiteRules}): browsers do not apply CORS to WebSockets, so a
 *       page of any site could otherwise open one, read the status (every backend and its URL) and
 *       run chats: 403;</li>
 *   <li>the gateway key, as {@code Authorization: Bearer}, {@code x-api-key}, or {@code ?token=}
 *       (browsers cannot set headers on a WebSocket): 401.</li>
 * </ul>
 */
public class WebSocketGate extends ContextBean {

    private static final String ROUTER = "llmWsRouter";

    private final GatewayKeys keys;
    private final SiteRules sites;

    public WebSocketGate(GatewayKeys keys, SiteRules sites) {
        this.keys = keys;
        this.sites = sites;
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
            // the WebSocket events' blocking handlers (its 20 workers; chats go on on an event loop)
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
            Router router = Router.router(vertx);
            router.route().order(Integer.MIN_VALUE).handler(this::checkSite);
            router.route().order(Integer.MIN_VALUE + 1).handler(this::checkKey);
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

    private void checkSite(RoutingContext routing) {
        GatewayException refusal = sites.refusal(routing.request().getHeader("Host"), routing.request().getHeader("Origin"));
        if (refusal != null) {
            refuse(routing, refusal.status(), refusal.code(), refusal.getMessage());
        } else {
            routing.next();
        }
    }

    private void checkKey(RoutingContext routing) {
        String presented = GatewayKeys.presented(routing.request().getHeader("Authorization"),
                routing.request().getHeader("x-api-key"), routing.queryParams().get("token"));
        try {
            WebSocketCallers.of(getCamelContext()).opened(routing.request().remoteAddress(), keys.identify(presented));
            routing.next();
        } catch (GatewayException refused) {
            refuse(routing, 401, "invalid_api_key", presented == null || presented.isEmpty()
                    ? "a gateway API key is required: send Authorization: Bearer <key> or ?token=<key>" : refused.getMessage());
        }
    }

    private static void refuse(RoutingContext routing, int status, String code, String message) {
        routing.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Json.write(Json.object().put("type", "error").set("error", Json.object()
                        .put("code", code).put("status", status).put("message", message))));
    }
}
