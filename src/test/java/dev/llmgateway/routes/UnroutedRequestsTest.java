package dev.llmgateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import dev.llmgateway.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A path no route serves is a 404 and a method a path does not take a 405, as JSON in the error
 * shape of the caller's API, which its SDK raises as the matching error: never Vert.x's HTML page.
 */
class UnroutedRequestsTest extends GatewayTestSupport {

    @Test
    void should_answer_openai_clients_404_and_405_in_openai_shape() throws Exception {
        HttpResponse<String> unknown = send("GET", "/v1/nothing");
        HttpResponse<String> wrongMethod = send("GET", "/v1/chat/completions");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = Json.parse(unknown.body()).path("error");
        assertThat(error.path("message").asText()).isEqualTo("Invalid URL (GET /v1/nothing)");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("unknown_url");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(Json.parse(wrongMethod.body()).at("/error/message").asText())
                .isEqualTo("Invalid method for URL (GET /v1/chat/completions)");
    }

    @Test
    void should_let_the_openai_sdk_raise_not_found_for_an_unknown_path() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gateway("/v1")).apiKey("unused").maxRetries(0).build();
        try {
            // GET /v1/files: an OpenAI endpoint the gateway does not serve
            assertThatThrownBy(() -> client.files().list()).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Invalid URL (GET /v1/files)");
        } finally {
            client.close();
        }
    }

    @Test
    void should_answer_ollama_clients_in_ollama_shape() throws Exception {
        HttpResponse<String> unknown = send("POST", "/api/nothing");
        HttpResponse<String> wrongMethod = send("GET", "/api/chat");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.parse(unknown.body()).path("error").asText()).isEqualTo("Invalid URL (POST /api/nothing)");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(Json.parse(wrongMethod.body()).path("error").asText()).isEqualTo("Invalid method for URL (GET /api/chat)");
    }

    @Test
    void should_answer_anthropic_clients_in_anthropic_shape() throws Exception {
        HttpResponse<String> wrongMethod = send("GET", "/v1/messages");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(gateway("/v1/nothing")))
                .header("anthropic-version", "2023-06-01").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(Json.parse(wrongMethod.body()).path("type").asText()).isEqualTo("error");
        assertThat(unknown.statusCode()).isEqualTo(404);
        JsonNode error = Json.parse(unknown.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/type").asText()).isEqualTo("not_found_error");
        assertThat(error.at("/error/message").asText()).isEqualTo("Invalid URL (GET /v1/nothing)");

        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(gateway("")).apiKey("unused").maxRetries(0).build();
        try {
            // GET /v1/models/{id}: an Anthropic endpoint the gateway does not serve
            assertThatThrownBy(() -> client.models().retrieve("claude-nothing"))
                    .isInstanceOf(com.anthropic.errors.NotFoundException.class);
        } finally {
            client.close();
        }
    }

    @Test
    void should_still_serve_the_playground() throws Exception {
        HttpResponse<String> playground = send("GET", "/playground");

        assertThat(playground.statusCode()).isEqualTo(200);
        assertThat(playground.body()).contains("<html");
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway(path))).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
