package dev.llmgateway.vertx;

import dev.llmgateway.camel.ContextBean;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
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
        MainHttpServer server = new MainHttpServer();
        server.setCamelContext(context);
        server.setPort(Integer.parseInt(setting(context, "camel.server.port", "8080")));
        server.setHost(host(context));
        server.setMaxBodySize(Long.parseLong(setting(context, "camel.server.maxBodySize", "33554432")));
        context.addService(server, true, true);
        // a host whose platform-http runs on its own engine (Spring Boot's platform-http starter, on
        // the servlet container) would take the front doors there, where a stream holds a thread and
        // the gateway's writers cannot write: they go to this server's engine instead
        PlatformHttpComponent platformHttp = context.getComponent("platform-http", PlatformHttpComponent.class);
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
