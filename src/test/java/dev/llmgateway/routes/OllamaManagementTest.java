package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import io.github.ollama4j.Ollama;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ollama's pull, create, copy and delete, forwarded to the Ollama backend the name's prefix picks. */
class OllamaManagementTest extends GatewayTestSupport {

    private static final String PROGRESS = """
            {"status":"pulling manifest"}
            {"status":"pulling dde5aa3fc5ff","digest":"sha256:dde5aa3fc5ff","total":2019377376,"completed":241970}
            {"status":"pulling dde5aa3fc5ff","digest":"sha256:dde5aa3fc5ff","total":2019377376,"completed":2019377376}
            {"status":"verifying sha256 digest"}
            {"status":"writing manifest"}
            {"status":"success"}
            """;

    @Test
    void should_pull_with_ollama4j_and_stream_the_progress_through_as_it_comes() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/pull")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson").withBody(PROGRESS).withChunkedDribbleDelay(6, 600)));

        new Ollama(gateway("")).pullModel("ollama/llama3.2");
        List<Long> arrivals = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        HttpResponse<InputStream> raw = http.send(HttpRequest.newBuilder(URI.create(gateway("/api/pull")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"ollama/llama3.2\"}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long start = System.nanoTime();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(raw.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
                arrivals.add((System.nanoTime() - start) / 1_000_000);
            }
        }

        assertThat(raw.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("ndjson"));
        assertThat(raw.headers().firstValue("X-LLM-Backend")).hasValue("ollama");
        assertThat(String.join("\n", lines) + "\n").isEqualTo(PROGRESS);
        assertThat(arrivals.get(arrivals.size() - 1) - arrivals.get(0)).as("lines arrive as Ollama sends them, not at the end")
                .isGreaterThan(250);
        assertThat(backend.findAll(postRequestedFor(urlEqualTo("/api/pull"))))
                .hasSize(2).allSatisfy(sent -> assertThat(names(sent.getBodyAsString())).containsOnly("llama3.2"));
    }

    @Test
    void should_copy_and_delete_with_the_names_the_backend_knows_and_pass_its_errors_back() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/copy")).willReturn(aResponse().withStatus(200)));
        backend.stubFor(delete(urlEqualTo("/api/delete")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody("{\"error\":\"model 'gone' not found\"}")));

        HttpResponse<String> copied = postJson("/api/copy", "{\"source\":\"ollama/llama3.2\",\"destination\":\"ollama/llama3-backup\"}");
        new Ollama(gateway("")).deleteModel("ollama/gone", true);
        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create(gateway("/api/delete")))
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"model\":\"gone\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(copied.statusCode()).isEqualTo(200);
        backend.verify(postRequestedFor(urlEqualTo("/api/copy")).withRequestBody(equalToJson("""
                {"source":"llama3.2","destination":"llama3-backup"}""")));
        assertThat(deleted.statusCode()).isEqualTo(404);
        assertThat(Json.parse(deleted.body()).path("error").asText()).isEqualTo("model 'gone' not found");
        assertThat(backend.findAll(deleteRequestedFor(urlEqualTo("/api/delete"))))
                .hasSize(2).allSatisfy(sent -> assertThat(names(sent.getBodyAsString())).containsOnly("gone"));
    }

    /** The model names of a management request (ollama4j sends "name", newer clients "model"). */
    private static List<String> names(String body) throws Exception {
        JsonNode json = Json.parse(body);
        List<String> names = new ArrayList<>();
        for (String field : List.of("model", "name")) {
            if (json.hasNonNull(field)) {
                names.add(json.get(field).asText());
            }
        }
        return names;
    }

    @Test
    void should_refuse_to_manage_models_on_a_backend_that_is_no_ollama() throws Exception {
        HttpResponse<String> pull = postJson("/api/pull", "{\"model\":\"lmStudio/qwen3-8b\"}");
        HttpResponse<String> across = postJson("/api/copy", "{\"source\":\"ollama/llama3.2\",\"destination\":\"lmStudio/copy\"}");

        assertThat(pull.statusCode()).isEqualTo(400);
        JsonNode error = Json.parse(pull.body());
        assertThat(error.path("error").asText()).contains("backend 'lmStudio' is no Ollama server");
        assertThat(across.statusCode()).isEqualTo(400);
        assertThat(Json.parse(across.body()).path("error").asText()).contains("a copy stays on one backend");
        backend.verify(0, anyRequestedFor(urlPathMatching("/api/(pull|copy)|/v1/.*")).withRequestBody(matchingJsonPath("$.model")));
    }
}
