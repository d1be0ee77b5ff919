package dev.llmgateway.vertx;

import dev.llmgateway.camel.ContextBean;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.apache.camel.spi.BeanRepository;
import org.apache.camel.spi.LocalBeanRepositoryAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front doors' HTTP server (Vert.x, port {@code camel.server.port}) in a host that does not
 * start one: Spring Boot and Quarkus serve their own HTTP on their own engines, which the front
 * doors' streams (written on a Vert.x event loop, no thread held) cannot use, so the gateway serves
 * its front doors on a port of its own beside the host's, as it serves its WebSocket channel. Camel
 * Main starts this same server itself when told {@code camel.server.enabled=true} (as the
 * standalone gateway is); then this does nothing.
 */
public class GatewayHttpServer extends ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHttpServer.class);

    public void start() throws Exception {
        CamelContext context = getCamelContext();
        if (context.hasService(MainHttpServer.class) != null
                || "true".equalsIgnoreCase(setting(context, "camel.server.enabled", "false"))) {
            return;
        }
        PlatformHttpComponent platformHttp = context.getComponent("platform-http", PlatformHttpComponent.class);
        int port = Integer.parseInt(setting(context, "camel.server.port", "8080"));
        refuseHostVertxEngine(platformHttp, port);
        MainHttpServer server = new MainHttpServer();
        server.setCamelContext(context);
        server.setPort(port);
        server.setHost(host(context));
        server.setMaxBodySize(Long.parseLong(setting(context, "camel.server.maxBodySize", "33554432")));
        // platform-http's server takes the one Vert.x of the registry; a host with one of its own
        // (Quarkus' Vert.x, with any Quarkus web extension, is looked up before the route files'
        // beans) would give the front doors a Vert.x without the gateway's limits on slow clients,
        // connections per client and request framing: the gateway's is found first meanwhile
        Vertx gatewayVertx = context.getRegistry().lookupByNameAndType("vertx", Vertx.class);
        LocalBeanRepositoryAware registry = gatewayVertx != null
                && context.getRegistry() instanceof LocalBeanRepositoryAware aware ? aware : null;
        if (registry != null) {
            registry.setLocalBeanRepository(new VertxFirst(gatewayVertx));
        }
        try {
            context.addService(server, true, true);
        } finally {
            if (registry != null) {
                registry.setLocalBeanRepository(null);
            }
        }
        if (gatewayVertx != null) {
            // the WebSocket channel too: with two Vert.x in the registry camel-vertx-websocket makes a
            // third. (Camel Quarkus' own component, of camel-quarkus-vertx-websocket, serves only on
            // Quarkus' HTTP server and fails the start itself when the channel has a port of its own.)
            VertxWebsocketComponent webSocket = context.getComponent("vertx-websocket", VertxWebsocketComponent.class);
            if (webSocket.getClass() == VertxWebsocketComponent.class && webSocket.getVertx() == null) {
                webSocket.setVertx(gatewayVertx);
            }
        }
        // a host whose platform-http runs on its own engine (Spring Boot's platform-http starter, on
        // the servlet container) would take the front doors there, where a stream holds a thread and
        // the gateway's writers cannot write: they go to this server's engine instead
        EventLoopHttpEngine engine = context.getRegistry().findSingleByType(EventLoopHttpEngine.class);
        if (engine != null && !(platformHttp.getEngine() instanceof VertxPlatformHttpEngine)) {
            if (platformHttp.getEngine() != null) {
                LOG.info("platform-http routes are served on the gateway's Vert.x server (port {}), not by {}",
                        server.getPort(), platformHttp.getEngine().getClass().getSimpleName());
            }
            platformHttp.setEngine(engine);
        }
    }

    /**
     * A Vert.x engine the host gave platform-http before any route started is bound to the host's
     * own HTTP server (Camel Quarkus' platform-http extension binds it to Quarkus' router, on
     * {@code quarkus.http.port}): the front doors would answer there, past every filter of this
     * server (gateway keys, allowed origins and hosts, body limits). Refused at start.
     */
    private static void refuseHostVertxEngine(PlatformHttpComponent platformHttp, int port) {
        if (platformHttp.getEngine() instanceof VertxPlatformHttpEngine hostEngine && !(hostEngine instanceof EventLoopHttpEngine)) {
            throw new IllegalStateException("platform-http already has an engine of the host's (" + hostEngine.getClass().getName()
                    + ", set by camel-quarkus-platform-http in Quarkus), bound to the host's own HTTP server: the gateway's "
                    + "front doors would answer there without the gateway's keys, origin and size checks. Remove "
                    + "camel-quarkus-platform-http: the front doors have a Vert.x server of their own, camel.server.port ("
                    + port + ")");
        }
    }

    /** Answers only the lookups of a Vert.x, with the gateway's. */
    private record VertxFirst(Vertx vertx) implements BeanRepository {

        @Override
        public Object lookupByName(String name) {
            return null;
        }

        @Override
        public <T> T lookupByNameAndType(String name, Class<T> type) {
            return null;
        }

        @Override
        public <T> Map<String, T> findByTypeWithName(Class<T> type) {
            return type == Vertx.class ? Map.of("vertx", type.cast(vertx)) : Map.of();
        }

        @Override
        public <T> Set<T> findByType(Class<T> type) {
            return type == Vertx.class ? Set.of(type.cast(vertx)) : Set.of();
        }
    }

    /**
     * Where the front doors listen: {@code camel.server.host} when set; else 0.0.0.0 when Camel Main
     * starts the server (its default), 127.0.0.1 or 0.0.0.0 as gateway keys say when this bean does.
     */
    public static String host(CamelContext context) {
        String configured = setting(context, "camel.server.host", "");
        if (!configured.isEmpty()) {
            return configured;
        }
        return "true".equalsIgnoreCase(setting(context, "camel.server.enabled", "false")) ? "0.0.0.0"
                : context.resolvePropertyPlaceholders("{{gateway:bindHost}}");
    }

    private static String setting(CamelContext context, String key, String otherwise) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(otherwise);
    }
}
