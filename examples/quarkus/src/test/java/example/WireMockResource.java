package example;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A simulated Ollama, started before the application reads its URL, and free ports for the
 * gateway's front doors, its WebSocket channel and Quarkus' own HTTP server.
 */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {

    static WireMockServer ollama;
    static int port;
    static int wsPort;

    @Override
    public Map<String, String> start() {
        ollama = new WireMockServer(wireMockConfig().dynamicPort());
        ollama.start();
        port = freePort();
        wsPort = freePort();
        return Map.of("agents.backends.ollama.baseUrl", ollama.baseUrl(),
                "camel.server.port", String.valueOf(port), "gateway.ws.port", String.valueOf(wsPort),
                "gateway.modelTests.dir", "target/model-tests", "quarkus.http.test-port", "0");
    }

    @Override
    public void stop() {
        ollama.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
