package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The discovery timer's registry, seen through GET /api/status and GET /v1/models. */
class DiscoveryTest extends GatewayTestSupport {

    @Test
    void should_discover_the_backend_that_is_up_and_report_why_the_others_are_not() throws Exception {
        backend.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"modified_at\":\"2025-05-04T17:37:44Z\"}]}")));
        backend.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Invalid API key\",\"type\":\"invalid_request_error\"}}")));

        discoverModels();
        JsonNode status = Json.parse(fetch("/api/status"));
        JsonNode models = Json.parse(fetch("/v1/models"));

        assertThat(status.path("type").asText()).isEqualTo("status");
        assertThat(status.at("/backends/ollama/reachable").asBoolean()).isTrue();
        assertThat(status.at("/backends/ollama/models/0").asText()).isEqualTo("llama3.2:latest");
        assertThat(status.at("/backends/lmStudio/reachable").asBoolean()).isFalse();
        assertThat(status.at("/backends/lmStudio/error").asText()).contains("401").contains("Invalid API key");
        assertThat(status.at("/backends/offline/error").asText()).contains("unreachable at http://127.0.0.1:1/v1");
        assertThat(status.path("ollamaModels").toString()).isEqualTo("[\"llama3.2:latest\"]");
        assertThat(status.path("lmStudioModels").size()).isZero();
        assertThat(models.path("data").size()).isEqualTo(1);
        assertThat(models.at("/data/0/id").asText()).isEqualTo("ollama/llama3.2:latest");
    }

    private String fetch(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return response.body();
    }
}
