package dev.llmgateway.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.SimpleRegistry;
import org.apache.camel.util.PropertiesHelper;
import org.junit.jupiter.api.Test;

/** The front doors' own HTTP server in a host that starts none (Spring Boot, Quarkus). */
class GatewayHttpServerTest {

    @Test
    void should_refuse_to_start_when_platform_http_is_bound_to_the_host_s_server() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setOverrideProperties(PropertiesHelper.asProperties("camel.server.port", "8090"));
            // what camel-quarkus-platform-http does at build time: platform-http on Quarkus' router
            PlatformHttpComponent platformHttp = new PlatformHttpComponent();
            platformHttp.setEngine(new VertxPlatformHttpEngine());
            context.addComponent("platform-http", platformHttp);

            assertThatThrownBy(server(context)::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without the gateway's keys")
                    .hasMessageContaining("Remove camel-quarkus-platform-http")
                    .hasMessageContaining("camel.server.port (8090)");
        }
    }

    @Test
    void should_serve_on_the_gateway_s_vertx_when_the_host_has_one_of_its_own() throws Exception {
        Vertx hosts = Vertx.vertx();
        Vertx gateways = Vertx.vertx();
        int port = freePort();
        // as in Quarkus: the host's beans (CDI) are looked up before Camel's own (the route files' beans)
        SimpleRegistry host = new SimpleRegistry();
        host.bind("quarkusVertx", Vertx.class, hosts);
        try (CamelContext context = new DefaultCamelContext(new DefaultRegistry(host))) {
            context.getPropertiesComponent().setOverrideProperties(PropertiesHelper.asProperties(
                    "camel.server.port", String.valueOf(port), "camel.server.host", "127.0.0.1"));
            context.getRegistry().bind("vertx", Vertx.class, gateways);
            assertThat(context.getRegistry().findSingleByType(Vertx.class)).as("the host's, found first").isSameAs(hosts);

            server(context).start();
            context.start();

            assertThat(context.hasService(MainHttpServer.class).getRouter().vertx()).isSameAs(gateways);
            assertThat(context.getComponent("vertx-websocket", VertxWebsocketComponent.class).getVertx()).isSameAs(gateways);
            assertThat(context.getRegistry().findSingleByType(Vertx.class)).as("only while the server started").isSameAs(hosts);
        } finally {
            hosts.close().toCompletionStage().toCompletableFuture().join();
            gateways.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static GatewayHttpServer server(CamelContext context) {
        GatewayHttpServer server = new GatewayHttpServer();
        server.setCamelContext(context);
        return server;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
