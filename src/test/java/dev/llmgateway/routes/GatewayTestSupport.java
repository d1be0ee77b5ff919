package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.apache.camel.util.PropertiesHelper;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Starts the gateway the way {@code camel run} does: the YAML files of {@code routes/}, the
 * kamelets of {@code kamelets/} and the project's {@code application.properties}, with both
 * preconfigured backends (ollama, lmStudio) pointed at one WireMock server.
 */
public abstract class GatewayTestSupport extends CamelMainTestSupport {

    @RegisterExtension
    static WireMockExtension backend = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    protected static final int port = freePort();
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
        return PropertiesHelper.asProperties(
                "camel.server.enabled", "true",
                "camel.server.port", String.valueOf(port),
                "camel.component.kamelet.location", "file:kamelets",
                "agents.backends.ollama.baseUrl", backend.baseUrl(),
                "agents.backends.lmStudio.baseUrl", backend.baseUrl() + "/v1",
                "agents.backends.lmStudio.apiKey", "lm-secret-key");
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
