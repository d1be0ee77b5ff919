package dev.llmgateway.vertx;

import dev.llmgateway.camel.ContextBean;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

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
        getCamelContext().addStartupListener(this);
    }

    @Override
    public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
        if (context.hasService(MainHttpServer.class) != null) {
            return;
        }
        refuseForeignEngines(context);
        MainHttpServer server = new MainHttpServer();
        server.setCamelContext(context);
        server.setPort(Integer.parseInt(setting(context, "camel.server.port", "8080")));
        String host = setting(context, "camel.server.host", "");      // unset: 127.0.0.1 until gateway keys are set
        server.setHost(host.isEmpty() ? context.resolvePropertyPlaceholders("{{gateway:bindHost}}") : host);
        server.setMaxBodySize(Long.parseLong(setting(context, "camel.server.maxBodySize", "33554432")));
        try {
            context.addService(server, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("The gateway's HTTP server cannot start on " + server.getHost() + ":"
                    + server.getPort() + " (camel.server.host, camel.server.port): " + e.getMessage(), e);
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    /**
     * A host engine that is not Vert.x (Spring Boot's {@code camel-platform-http-starter} serves
     * platform-http on the servlet container) could take the front doors, depending on start-up
     * order; there a stream would hold a servlet thread and the gateway's writers, which write to
     * the Vert.x response, could not answer. Such a host stops at start instead of answering 500.
     */
    static void refuseForeignEngines(CamelContext context) {
        for (PlatformHttpEngine engine : context.getRegistry().findByType(PlatformHttpEngine.class)) {
            if (!(engine instanceof VertxPlatformHttpEngine)) {
                throw new IllegalStateException("The gateway's front doors cannot run on " + engine.getClass().getName()
                        + ": they write their streams on Vert.x. It comes with camel-platform-http-starter (Spring Boot): take"
                        + " that dependency out, and the front doors listen on the gateway's own Vert.x server, port "
                        + setting(context, "camel.server.port", "8080") + " (camel.server.port)");
            }
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
