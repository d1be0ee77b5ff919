package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.llmgateway.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Backend keys never reach a client, the status or the log, on success or failure, for every
 * keyed backend; a third-party backend without its key is disabled with the reason.
 */
class SecretsAndCategoriesTest extends GatewayTestSupport {

    private static final List<String> SECRETS = List.of("lm-secret-key", "sk-ant-test-secret", "gemini-test-secret");
    private static final List<String> KEYED = List.of("lmStudio/m", "anthropic/m", "gemini/m");

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("agents.backends.mistral.baseUrl", "https://api.mistral.ai/v1");
        properties.put("agents.backends.mistral.apiKey", "{{env:LLM_GATEWAY_TEST_UNSET_KEY:}}");
        properties.put("agents.backends.openai.apiKey", "{{env:LLM_GATEWAY_TEST_UNSET_KEY:}}");
        properties.put("agents.backends.vllm.baseUrl", "http://gpu-box.internal:8000/v1");
        return properties;
    }

    @Test
    void should_keep_every_backend_key_out_of_replies_status_and_logs() throws Exception {
        StringBuilder seen = new StringBuilder();
        try (LogCapture log = LogCapture.attach()) {
            // upstream failures of every kind, streamed and not, on every keyed backend
            for (Fault fault : new Fault[] {null, Fault.CONNECTION_RESET_BY_PEER, Fault.EMPTY_RESPONSE}) {
                backend.resetAll();
                backend.stubFor(post(anyUrl()).willReturn(fault == null
                        ? aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                                .withBody("{\"error\":{\"message\":\"invalid key\",\"type\":\"authentication_error\"}}")
                        : aResponse().withFault(fault)));
                for (String model : KEYED) {
                    for (boolean stream : new boolean[] {false, true}) {
                        HttpResponse<String> openAi = postJson("/v1/chat/completions", "{\"model\":\"" + model
                                + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
                        HttpResponse<String> ollama = postJson("/api/chat", "{\"model\":\"" + model
                                + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
                        seen.append(openAi.headers().map()).append(openAi.body()).append(ollama.headers().map()).append(ollama.body());
                    }
                }
            }
            discoverModels();
            seen.append(get("/api/status")).append(get("/v1/models")).append(get("/api/tags"))
                    .append(get("/observe/metrics")).append(get("/observe/health?data=true"));
            try (WsTestClient ws = new WsTestClient(wsPort)) {            // status on connect, error frames
                for (String model : KEYED) {
                    ws.send("{\"type\":\"chat\",\"id\":\"" + model + "\",\"model\":\"" + model
                            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
                    seen.append(ws.next());
                }
            }
            for (String secret : SECRETS) {
                assertThat(seen.toString()).doesNotContain(secret);
                assertThat(log.all()).doesNotContain(secret);
            }
            org.slf4j.LoggerFactory.getLogger(getClass()).info("capture check");
            assertThat(log.all()).as("the capture works").contains("capture check");
        }
    }

    @Test
    void should_disable_a_third_party_backend_without_its_key_and_say_which_variable_to_set() throws Exception {
        discoverModels();
        JsonNode status = Json.parse(body("/api/status"));

        assertThat(status.at("/backends/mistral/disabled").asBoolean()).isTrue();
        assertThat(status.at("/backends/mistral/category").asText()).isEqualTo("third-party");
        assertThat(status.at("/backends/mistral/error").asText()).contains("LLM_GATEWAY_TEST_UNSET_KEY");
        assertThat(status.at("/backends/mistral/settingsFrom").asText()).isEqualTo("command line");
        assertThat(status.at("/backends/ollama/settingsFrom").asText()).isEqualTo("command line");
        assertThat(status.path("backends").has("openai")).as("the shipped openai is off without its key").isFalse();
        assertThat(status.at("/backends/anthropic/category").asText()).isEqualTo("third-party");
        assertThat(status.at("/backends/gemini/category").asText()).isEqualTo("third-party");
        assertThat(status.at("/backends/ollama/category").asText()).isEqualTo("local");
        assertThat(status.at("/backends/lmStudio/category").asText()).isEqualTo("local");
        assertThat(status.at("/backends/vllm/category").asText()).isEqualTo("self-hosted");

        HttpResponse<String> refused = postJson("/v1/chat/completions",
                "{\"model\":\"mistral/mistral-large\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(Json.parse(refused.body()).at("/error/message").asText()).contains("LLM_GATEWAY_TEST_UNSET_KEY");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = send(path);
        return response.headers().map() + response.body();
    }

    private String body(String path) throws Exception {
        return send(path).body();
    }

    private HttpResponse<String> send(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
