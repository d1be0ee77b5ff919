package dev.llmgateway.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.io.IOException;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.SimpleRegistry;
import org.apache.camel.util.PropertiesHelper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The front doors' own HTTP server in a host that starts none (Spring Boot, Quarkus), and the host engines it refuses. */
class GatewayHttpServerTest {

    /** camel.server.enabled=true: Camel Main's own server, which a host other than Camel Main never starts. */
    @ParameterizedTest(name = "camel.server.enabled={0}")
    @ValueSource(strings = {"false", "true"})
    void a_host_without_a_server_gets_the_gateways_on_camel_server_port(String enabled) throws Exception {
        int port = freePort();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addInitialProperty("camel.server.port", String.valueOf(port));
            context.getPropertiesComponent().addInitialProperty("camel.server.host", "127.0.0.1");
            context.getPropertiesComponent().addInitialProperty("camel.server.enabled", enabled);
            context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("platform-http:/hello").setBody(constant("hi"));
                }
            });
            GatewayHttpServer server = new GatewayHttpServer();
            server.setCamelContext(context);
            server.start();
            context.start();

            assertThat(context.hasService(MainHttpServer.class)).isNotNull();
            HttpResponse<String> reply = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.body()).isEqualTo("hi");
        }
    }

    @Test
    void a_host_engine_that_is_not_vertx_stops_the_start_with_what_to_do() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("springBootPlatformHttpEngine", PlatformHttpEngine.class, new ServletEngine());
            GatewayHttpServer server = new GatewayHttpServer();
            server.setCamelContext(context);

            server.start();

            assertThatThrownBy(context::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(ServletEngine.class.getName())
                    .hasMessageContaining("take that dependency out")
                    .hasMessageContaining("camel-platform-http-starter");
            assertThat(context.hasService(MainHttpServer.class)).isNull();
        }
    }

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

    /** Stands for Spring Boot's servlet engine: any platform-http engine not built on Vert.x. */
    private static final class ServletEngine implements PlatformHttpEngine {
        @Override
        public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            throw new UnsupportedOperationException();
        }
    }
}
