package dev.llmgateway.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** The front doors' own server in a host that starts none, and the host engines it refuses. */
class GatewayHttpServerTest {

    /** camel.server.enabled=true: Camel Main's own server, which a host other than Camel Main never starts. */
    @ParameterizedTest(name = "camel.server.enabled={0}")
    @ValueSource(strings = {"false", "true"})
    void a_host_without_a_server_gets_the_gateways_on_camel_server_port(String enabled) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
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

    /** Stands for Spring Boot's servlet engine: any platform-http engine not built on Vert.x. */
    private static final class ServletEngine implements PlatformHttpEngine {
        @Override
        public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            throw new UnsupportedOperationException();
        }
    }
}
