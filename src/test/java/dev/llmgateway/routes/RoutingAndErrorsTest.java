package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.llmgateway.json.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which backend and model a request reaches, and the OpenAI-shaped errors when it cannot. */
class RoutingAndErrorsTest extends GatewayTestSupport {

    private static final String OLLAMA_REPLY = """
            {"model":"m","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"ok"},"done":true,"done_reason":"stop","prompt_eval_count":1,"eval_count":1}""";
    private static final String OPENAI_REPLY = """
            {"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""";

    @BeforeEach
    void stubBothBackends() {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(OLLAMA_REPLY)));
        backend.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(OPENAI_REPLY)));
    }

    @Test
    void should_route_by_a_backend_prefix_and_keep_the_slashes_of_the_model_id() throws Exception {
        HttpResponse<String> response = postJson("/v1/chat/completions", """
                {"model":"LMSTUDIO/openai/gpt-oss-20b","messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-LLM-Backend")).hasValue("lmStudio");
        backend.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("openai/gpt-oss-20b"))));
    }

    @Test
    void should_send_a_slashed_model_id_that_names_no_backend_to_the_default_backend() throws Exception {
        HttpResponse<String> response = postJson("/v1/chat/completions", """
                {"model":"openai/gpt-oss-20b","messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-LLM-Backend")).hasValue("ollama");
        backend.verify(postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("openai/gpt-oss-20b"))));
    }

    @Test
    void should_use_the_default_model_when_the_request_names_none() throws Exception {
        HttpResponse<String> response = postJson("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        backend.verify(postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("llama3.2"))));
    }

    @Test
    void should_reject_an_unknown_backend_naming_the_configured_ones() throws Exception {
        HttpResponse<String> response = postJson("/v1/chat/completions", """
                {"model":"m","messages":[{"role":"user","content":"Hi"}]}""", "X-LLM-Backend", "mistral");

        JsonNode error = errorOf(response, 400);
        assertThat(error.path("message").asText()).contains("mistral").contains("ollama").contains("lmStudio");
        assertThat(error.path("code").asText()).isEqualTo("unknown_backend");
    }

    @Test
    void should_answer_502_naming_backend_and_url_when_the_backend_is_unreachable() throws Exception {
        HttpResponse<String> response = postJson("/v1/chat/completions", """
                {"model":"m","messages":[{"role":"user","content":"Hi"}],"stream":true}""", "X-LLM-Backend", "offline");

        JsonNode error = errorOf(response, 502);
        assertThat(error.path("message").asText()).contains("offline").contains("http://127.0.0.1:1/v1");
        assertThat(error.path("type").asText()).isEqualTo("backend_unreachable");
    }

    @Test
    void should_answer_502_when_the_backend_drops_the_connection_without_a_reply() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        JsonNode error = errorOf(postJson("/v1/chat/completions", """
                {"model":"m","messages":[{"role":"user","content":"Hi"}]}"""), 502);

        assertThat(error.path("message").asText()).contains("ollama").contains(backend.baseUrl());
        assertThat(error.path("code").asText()).isEqualTo("backend_connection_failed");
    }

    @Test
    void should_reject_a_body_that_is_not_json() throws Exception {
        JsonNode error = errorOf(postJson("/v1/chat/completions", "{\"model\": \"m\", \"messages\": ["), 400);

        assertThat(error.path("message").asText()).contains("not valid JSON");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void should_reject_a_request_without_messages() throws Exception {
        JsonNode error = errorOf(postJson("/v1/chat/completions", "{\"model\":\"m\"}"), 400);

        assertThat(error.path("message").asText()).contains("'messages' is required");
    }

    @Test
    void should_reject_an_unknown_role() throws Exception {
        JsonNode error = errorOf(postJson("/v1/chat/completions", """
                {"model":"m","messages":[{"role":"wizard","content":"Hi"}]}"""), 400);

        assertThat(error.path("message").asText()).contains("wizard");
    }

    @Test
    void should_reject_several_choices_instead_of_returning_one() throws Exception {
        JsonNode error = errorOf(postJson("/v1/chat/completions", """
                {"model":"m","n":3,"messages":[{"role":"user","content":"Hi"}]}"""), 400);

        assertThat(error.path("message").asText()).contains("n=1");
    }

    private static JsonNode errorOf(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode error = Json.parse(response.body()).path("error");
        assertThat(error.isObject()).isTrue();
        return error;
    }
}
