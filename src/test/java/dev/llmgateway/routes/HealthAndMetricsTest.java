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

/** Liveness, readiness per backend and the Prometheus scrape served next to the chat API. */
class HealthAndMetricsTest extends GatewayTestSupport {

    @Test
    void should_be_alive_but_not_ready_while_no_backend_is_reachable() throws Exception {
        discoverModels();               // no stubs: the simulated backend answers 404 to every model list

        HttpResponse<String> ready = management("/observe/health/ready?data=true");
        HttpResponse<String> live = management("/observe/health/live");

        assertThat(ready.statusCode()).isEqualTo(503);
        JsonNode backends = check(Json.parse(ready.body()), "backends");
        assertThat(backends.path("status").asText()).isEqualTo("DOWN");
        assertThat(backends.path("message").asText()).isEqualTo("no enabled backend is reachable");
        assertThat(backends.at("/data/backend.offline").asText())
                .startsWith("unreachable: ").contains("http://127.0.0.1:1/v1");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).doesNotContain("\"backends\"");
    }

    @Test
    void should_be_ready_once_one_backend_answers_and_name_each_backend() throws Exception {
        backend.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\"}]}")));
        discoverModels();

        HttpResponse<String> ready = management("/observe/health/ready?data=true");

        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode backends = check(Json.parse(ready.body()), "backends");
        assertThat(backends.path("status").asText()).isEqualTo("UP");
        assertThat(backends.at("/data/backend.ollama").asText()).isEqualTo("reachable");
        assertThat(backends.at("/data/backend.lmStudio").asText()).startsWith("unreachable: ");
        assertThat(ready.body()).doesNotContain("lm-secret-key").doesNotContain("sk-ant-test-secret");
    }

    @Test
    void should_serve_route_and_jvm_metrics_in_prometheus_text() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(gateway("/v1/models"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> scrape = management("/observe/metrics");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(scrape.body())
                .containsPattern("camel_exchanges_total\\{[^}]*routeId=\"llm-openai-models\"[^}]*} [1-9]")
                .contains("jvm_memory_used_bytes")
                // before any chat request: every enabled backend's breaker, closed
                .contains("llm_circuit_breaker_state{backend=\"ollama\",state=\"closed\"} 1.0")
                .contains("llm_circuit_breaker_state{backend=\"ollama\",state=\"open\"} 0.0");
    }

    private HttpResponse<String> management(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One named check out of Camel's health answer ({"status":"UP","checks":[{"name":…},…]}). */
    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (name.equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check '" + name + "' in " + health);
    }
}
