package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmgateway.backend.BackendRegistry;
import dev.llmgateway.backend.CircuitBreakers;
import dev.llmgateway.discovery.ModelRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.camel.Route;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.apache.camel.util.PropertiesHelper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Starts the gateway the way {@code camel run} does: the YAML files of {@code routes/}, the
 * kamelets of {@code kamelets/} and the project's {@code application.properties}, with both
 * preconfigured backends (ollama, lmStudio) pointed at one WireMock server. One gateway per test
 * class (starting one takes about a second and a half).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GatewayTestSupport extends CamelMainTestSupport {

    /** One simulated backend for all test classes, started before any gateway reads its URL. */
    protected static final WireMockServer backend = new WireMockServer(wireMockConfig().dynamicPort());

    static {
        backend.start();
    }

    // no initialisers: the superclass constructor already calls useOverridePropertiesWithPropertiesComponent
    protected int port;
    protected int wsPort;
    protected final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/*.yaml");
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        if (port == 0) {
            port = freePort();
            wsPort = freePort();
        }
        return PropertiesHelper.asProperties(
                "camel.server.enabled", "true",
                "camel.server.port", String.valueOf(port),
                "gateway.ws.port", String.valueOf(wsPort),
                "camel.component.kamelet.location", "file:kamelets",
                "agents.backends.ollama.baseUrl", backend.baseUrl(),
                "agents.backends.lmStudio.baseUrl", backend.baseUrl() + "/v1",
                "agents.backends.lmStudio.apiKey", "lm-secret-key",
                "agents.backends.lmNative.baseUrl", backend.baseUrl() + "/v1",
                "agents.backends.lmNative.endpointType", "native",
                "agents.backends.anthropic.baseUrl", backend.baseUrl() + "/anthropic",
                "agents.backends.anthropic.apiKey", "sk-ant-test-secret",
                "agents.backends.gemini.baseUrl", backend.baseUrl() + "/gemini",
                "agents.backends.gemini.apiKey", "gemini-test-secret",
                "agents.backends.offline.baseUrl", "http://127.0.0.1:1/v1",
                "agents.backends.offline.type", "openai",
                "agents.defaultModel", "llama3.2",
                "gateway.store.dir", storeDir().toString());
    }

    private Path storeDir;

    /** Each test class's own store (opened only by classes that set admin keys or a store URL). */
    private Path storeDir() {
        if (storeDir == null) {
            try {
                Files.createDirectories(Path.of("target"));
                storeDir = Files.createTempDirectory(Path.of("target"), "store-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return storeDir;
    }

    @AfterAll
    void stopGateway() {
        context.stop();             // the per-class lifecycle would leave it running to the JVM's end
    }

    @BeforeEach
    void forgetEarlierStubsAndRequests() {
        // the discovery that runs at start must be over: its late answers would overwrite a test's own
        BackendRegistry backends = context.getRegistry().lookupByNameAndType("llmBackends", BackendRegistry.class);
        ModelRegistry models = context.getRegistry().lookupByNameAndType("llmModels", ModelRegistry.class);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> models.statuses().size() == backends.all().size());
        backend.resetAll();
        closeCircuitBreakers();
    }

    /** Each test starts with every backend's circuit breaker closed, whatever earlier tests did. */
    protected void closeCircuitBreakers() {
        for (Route route : context.getRoutes()) {
            if (route.getRouteId().startsWith("llm-backend-")) {
                CircuitBreakers.of(context, route.getRouteId().substring("llm-backend-".length())).reset();
            }
        }
    }

    /** Runs one model discovery now (the timer's first run found no stubs yet). */
    protected void discoverModels() {
        context.createProducerTemplate().sendBody("direct:llm-discover", null);
    }

    protected String gateway(String path) {
        return "http://localhost:" + port + path;
    }

    protected HttpResponse<String> postJson(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One SSE {@code data:} payload and when it reached the client. */
    protected record Event(long atMillis, String data) {
    }

    /** Posts a streaming request and collects its SSE data lines as they arrive. */
    protected List<Event> streamEvents(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        long start = System.nanoTime();
        HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<Event> events = new ArrayList<>();
        response.body().filter(line -> line.startsWith("data: ")).forEach(line ->
                events.add(new Event((System.nanoTime() - start) / 1_000_000, line.substring(6))));
        return events;
    }

    /** An address of this machine on a network (not loopback), when it has one. */
    protected static Optional<InetAddress> networkAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Whether a TCP connection to that address and port is accepted. */
    protected static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /**
     * A free port below Linux's ephemeral range (32768 and up): a port the OS hands out for
     * ServerSocket(0) can be taken by an outbound connection before the gateway binds it, which
     * failed a start with BindException once in a few hundred classes.
     */
    private static int freePort() {
        for (int tries = 0; tries < 100; tries++) {
            int candidate = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(candidate)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }
}
