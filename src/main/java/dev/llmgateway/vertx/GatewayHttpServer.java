package dev.llmgateway.vertx;

import dev.llmgateway.camel.ContextBean;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.apache.camel.spi.BeanRepository;
import org.apache.camel.spi.LocalBeanRepositoryAware;

/**
 * The front doors' HTTP server (Vert.x, port {@code camel.server.port}) in a host that does not
 * start one: Spring Boot and Quarkus serve their own HTTP on their own engines, which the front
 * doors' streams (written on a Vert.x event loop, no thread held) cannot use, so the gateway serves
 * its front doors on a port of its own beside the host's, as it serves its WebSocket channel.
 * Decided as the CamelContext starts, before its routes: Camel Main has then added its own server
 * when told {@code camel.server.enabled=true} (as the standalone gateway is), and this does nothing;
 * another host that was told so has none, and gets this one.
 */
public class GatewayHttpServer extends ContextBean implements StartupListener {

    public void start() throws Exception {
        CamelContext context = getCamelContext();
        // the WebSocket channel on the gateway's Vert.x, before camel-vertx-websocket looks one up:
        // with a host's Vert.x in the registry too it would make a third. (Camel Quarkus' own
        // component serves only on Quarkus' HTTP server and fails the start itself when the channel
        // has a port of its own.)
        Vertx gatewayVertx = gatewayVertx(context);
        if (gatewayVertx != null) {
            VertxWebsocketComponent webSocket = context.getComponent("vertx-websocket", VertxWebsocketComponent.class);
            if (webSocket.getClass() == VertxWebsocketComponent.class && webSocket.getVertx() == null) {
                webSocket.setVertx(gatewayVertx);
            }
        }
        refuseHostVertxEngine(context);
        context.addStartupListener(this);
    }

    @Override
    public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
        if (context.hasService(MainHttpServer.class) != null) {
            return;
        }
        refuseServletEngines(context);
        MainHttpServer server = new MainHttpServer();
        server.setCamelContext(context);
        server.setPort(port(context));
        String host = setting(context, "camel.server.host", "");      // unset: 127.0.0.1 until gateway keys are set
        server.setHost(host.isEmpty() ? context.resolvePropertyPlaceholders("{{gateway:bindHost}}") : host);
        server.setMaxBodySize(Long.parseLong(setting(context, "camel.server.maxBodySize", "33554432")));
        // platform-http's server takes the one Vert.x of the registry; a host with one of its own
        // (Quarkus' Vert.x, with any Quarkus web extension, is looked up before the route files'
        // beans) would give the front doors a Vert.x without the gateway's limits on slow clients,
        // connections per client and request framing: the gateway's is found first meanwhile
        Vertx gatewayVertx = gatewayVertx(context);
        LocalBeanRepositoryAware registry = gatewayVertx != null
                && context.getRegistry() instanceof LocalBeanRepositoryAware aware ? aware : null;
        if (registry != null) {
            registry.setLocalBeanRepository(new VertxFirst(gatewayVertx));
        }
        try {
            context.addService(server, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("The gateway's HTTP server cannot start on " + server.getHost() + ":"
                    + server.getPort() + " (camel.server.host, camel.server.port): " + e.getMessage(), e);
        } finally {
            if (registry != null) {
                registry.setLocalBeanRepository(null);
            }
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    /**
     * An engine that is not Vert.x could take the front doors: Spring Boot's
     * {@code camel-platform-http-starter} serves platform-http on the servlet container, and which
     * engine the front doors got depended on start-up order. There a stream holds a thread and the
     * gateway's writers, which write to the Vert.x response, cannot answer: refused at start.
     */
    static void refuseServletEngines(CamelContext context) {
        for (PlatformHttpEngine engine : context.getRegistry().findByType(PlatformHttpEngine.class)) {
            if (!(engine instanceof VertxPlatformHttpEngine)) {
                throw new IllegalStateException("The gateway's front doors cannot run on " + engine.getClass().getName()
                        + ": they write their streams on Vert.x. It comes with camel-platform-http-starter (Spring Boot): take"
                        + " that dependency out, and the front doors listen on the gateway's own Vert.x server, port "
                        + port(context) + " (camel.server.port)");
            }
        }
    }

    /**
     * A Vert.x engine the host gave platform-http before the route files were read is bound to the
     * host's own HTTP server ({@code camel-quarkus-platform-http} binds it to Quarkus' router, on
     * {@code quarkus.http.port}): the front doors would answer there, past every filter of this
     * server (gateway keys, allowed origins and hosts, body limits). Refused at start.
     */
    private static void refuseHostVertxEngine(CamelContext context) {
        PlatformHttpEngine hostEngine = context.getComponent("platform-http", PlatformHttpComponent.class).getEngine();
        if (hostEngine instanceof VertxPlatformHttpEngine && !(hostEngine instanceof EventLoopHttpEngine)) {
            throw new IllegalStateException("platform-http already has an engine of the host's (" + hostEngine.getClass().getName()
                    + ", set by camel-quarkus-platform-http in Quarkus), bound to the host's own HTTP server: the gateway's "
                    + "front doors would answer there without the gateway's keys, origin and size checks. Remove "
                    + "camel-quarkus-platform-http: the front doors have a Vert.x server of their own, camel.server.port ("
                    + port(context) + ")");
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

    /** The gateway's own Vert.x (routes/vertx.yaml), when the host loads it. */
    private static Vertx gatewayVertx(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("vertx", Vertx.class);
    }

    private static int port(CamelContext context) {
        return Integer.parseInt(setting(context, "camel.server.port", "8080"));
    }

    private static String setting(CamelContext context, String key, String otherwise) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(otherwise);
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
}
