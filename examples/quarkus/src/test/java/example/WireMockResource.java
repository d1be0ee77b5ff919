package example;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A simulated Ollama for the Quarkus test, started before the application reads its URL. */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {

    static WireMockServer ollama;

    @Override
    public Map<String, String> start() {
        ollama = new WireMockServer(wireMockConfig().dynamicPort());
        ollama.start();
        return Map.of("agents.backends.ollama.baseUrl", ollama.baseUrl());
    }

    @Override
    public void stop() {
        ollama.stop();
    }
}
