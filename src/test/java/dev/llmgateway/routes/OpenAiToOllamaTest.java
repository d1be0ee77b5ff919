package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class OpenAiToOllamaTest extends GatewayTestSupport {

    @Test
    void should_answer_a_non_streaming_request_with_the_ollama_reply() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53.8Z",
                         "message":{"role":"assistant","content":"Hello there!"},
                         "done":true,"done_reason":"stop","total_duration":3244883583,
                         "prompt_eval_count":12,"eval_count":4}""")));

        HttpResponse<String> response = postJson("/v1/chat/completions", """
                {"model":"llama3.2","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-LLM-Backend")).hasValue("ollama");
        JsonNode json = Json.parse(response.body());
        assertThat(json.path("object").asText()).isEqualTo("chat.completion");
        assertThat(json.at("/choices/0/message/content").asText()).isEqualTo("Hello there!");
        assertThat(json.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(json.at("/usage/prompt_tokens").asInt()).isEqualTo(12);
        assertThat(json.at("/usage/completion_tokens").asInt()).isEqualTo(4);
        assertThat(json.at("/usage/total_tokens").asInt()).isEqualTo(16);
        backend.verify(postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(equalToJson("""
                        {"model":"llama3.2","stream":false,
                         "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]}""")));
    }
}
