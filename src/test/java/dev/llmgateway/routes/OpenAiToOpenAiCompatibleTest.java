package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenAI clients in front of an OpenAI-compatible server (here LM Studio, selected by header). */
class OpenAiToOpenAiCompatibleTest extends GatewayTestSupport {

    @Test
    void should_relay_a_non_streaming_reply_and_send_the_backend_key_not_the_clients() throws Exception {
        backend.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id":"chatcmpl-abc","object":"chat.completion","created":1741570283,"model":"qwen3-8b",
                         "choices":[{"index":0,"message":{"role":"assistant","content":"Paris.","reasoning_content":"The capital of France..."},
                                     "logprobs":null,"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":14,"completion_tokens":2,"total_tokens":16}}""")));

        HttpResponse<String> response = postJson("/v1/chat/completions", """
                {"model":"qwen3-8b","temperature":0.2,"max_tokens":64,
                 "messages":[{"role":"user","content":"Capital of France?"}]}""",
                "X-LLM-Backend", "lmstudio", "Authorization", "Bearer client-gateway-key");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-LLM-Backend")).hasValue("lmStudio");
        JsonNode json = Json.parse(response.body());
        assertThat(json.at("/choices/0/message/content").asText()).isEqualTo("Paris.");
        assertThat(json.at("/choices/0/message/reasoning_content").asText()).isEqualTo("The capital of France...");
        assertThat(json.at("/usage/total_tokens").asInt()).isEqualTo(16);
        assertThat(json.path("model").asText()).isEqualTo("qwen3-8b");
        backend.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer lm-secret-key"))
                .withRequestBody(equalToJson("""
                        {"model":"qwen3-8b","temperature":0.2,"max_tokens":64,"stream":false,
                         "messages":[{"role":"user","content":"Capital of France?"}]}""")));
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("Authorization"));
        assertThat(response.headers().map().toString() + response.body()).doesNotContain("lm-secret-key");
    }

    @Test
    void should_stream_tool_call_fragments_with_index_id_and_type_on_the_first_delta() throws Exception {
        backend.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream")
                .withBody("""
                        data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"qwen3-8b","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_w1","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}

                        data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"qwen3-8b","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]},"finish_reason":null}]}

                        data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"qwen3-8b","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Paris\\"}"}}]},"finish_reason":null}]}

                        data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"qwen3-8b","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

                        data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"qwen3-8b","choices":[],"usage":{"prompt_tokens":30,"completion_tokens":9,"total_tokens":39}}

                        data: [DONE]

                        """)));

        List<Event> events = streamEvents("/v1/chat/completions", """
                {"model":"lmStudio/qwen3-8b","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}""");

        JsonNode first = Json.parse(events.get(0).data()).at("/choices/0/delta/tool_calls/0");
        assertThat(first.path("index").asInt()).isZero();
        assertThat(first.path("id").asText()).isEqualTo("call_w1");
        assertThat(first.path("type").asText()).isEqualTo("function");
        assertThat(first.at("/function/name").asText()).isEqualTo("get_weather");
        StringBuilder arguments = new StringBuilder();
        for (Event event : events.subList(0, events.size() - 1)) {
            JsonNode call = Json.parse(event.data()).at("/choices/0/delta/tool_calls/0");
            arguments.append(call.at("/function/arguments").asText(""));
        }
        assertThat(Json.parse(arguments.toString()).path("city").asText()).isEqualTo("Paris");
        assertThat(Json.parse(events.get(events.size() - 3).data()).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(Json.parse(events.get(events.size() - 2).data()).at("/usage/completion_tokens").asInt()).isEqualTo(9);
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        backend.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("qwen3-8b")))
                .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("get_weather"))));
    }

    @Test
    void should_pass_on_the_status_and_message_of_an_upstream_error() throws Exception {
        backend.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error":{"message":"Model \\"nope\\" not found","type":"invalid_request_error","param":"model","code":"model_not_found"}}""")));

        HttpResponse<String> response = postJson("/v1/chat/completions", """
                {"model":"lmStudio/nope","messages":[{"role":"user","content":"Hi"}],"stream":true}""");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = Json.parse(response.body()).path("error");
        assertThat(error.path("message").asText()).contains("lmStudio").contains("Model \"nope\" not found");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.has("param")).isTrue();
    }
}
