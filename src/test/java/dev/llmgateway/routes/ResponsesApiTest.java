package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import dev.llmgateway.json.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /v1/responses, GET and DELETE /v1/responses/{id}, driven with openai-java against Ollama, LM Studio and Anthropic fakes. */
class ResponsesApiTest extends GatewayTestSupport {

    private OpenAIClient client;

    @BeforeEach
    void connect() {
        client = OpenAIOkHttpClient.builder().baseUrl(gateway("/v1")).apiKey("unused-by-the-gateway").maxRetries(0).build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private static final String LM_STUDIO_STREAM = """
            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"qwen3-8b","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Light scatters."},"finish_reason":null}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"qwen3-8b","choices":[{"index":0,"delta":{"content":"Rayleigh"},"finish_reason":null}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"qwen3-8b","choices":[{"index":0,"delta":{"content":" scattering."},"finish_reason":null}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"qwen3-8b","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"qwen3-8b","choices":[],"usage":{"prompt_tokens":20,"completion_tokens":5,"total_tokens":25}}

            data: [DONE]

            """;

    @Test
    void should_answer_a_whole_response_from_an_ollama_backend() {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"model":"qwen3","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Rayleigh scattering.",
                         "thinking":"Short wavelengths scatter more."},"done":true,"done_reason":"stop","prompt_eval_count":18,"eval_count":9}""")));

        Response response = client.responses().create(ResponseCreateParams.builder().model("ollama/qwen3")
                .instructions("Be brief.").input("Why is the sky blue?").maxOutputTokens(64L).build());

        assertThat(response.id()).startsWith("resp_");
        assertThat(response.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(text(response)).isEqualTo("Rayleigh scattering.");
        assertThat(response.output().get(0).reasoning()).hasValueSatisfying(reasoning ->
                assertThat(reasoning.summary().get(0).text()).isEqualTo("Short wavelengths scatter more."));
        assertThat(response.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.inputTokens()).isEqualTo(18);
            assertThat(usage.outputTokens()).isEqualTo(9);
            assertThat(usage.totalTokens()).isEqualTo(27);
        });
        backend.verify(postRequestedFor(urlEqualTo("/api/chat")).withRequestBody(equalToJson("""
                {"model":"qwen3","stream":false,"options":{"num_predict":64},
                 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Why is the sky blue?"}]}""")));
    }

    @Test
    void should_stream_the_semantic_events_in_order_for_the_sdks_accumulator() throws Exception {
        backend.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(LM_STUDIO_STREAM)));
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        List<String> types = new ArrayList<>();
        List<Long> sequence = new ArrayList<>();

        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams.builder()
                .model("lmStudio/qwen3-8b").input("Why is the sky blue?").build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                JsonNode json = Json.MAPPER.valueToTree(event._json().orElseThrow());
                types.add(json.path("type").asText());
                sequence.add(json.path("sequence_number").asLong());
            });
        }

        assertThat(types).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.delta", "response.output_text.done", "response.content_part.done",
                "response.output_item.done", "response.completed");
        for (int i = 0; i < sequence.size(); i++) {
            assertThat(sequence.get(i)).isEqualTo(i);
        }
        Response response = accumulator.response();
        assertThat(text(response)).isEqualTo("Rayleigh scattering.");
        assertThat(response.usage()).hasValueSatisfying(usage -> assertThat(usage.totalTokens()).isEqualTo(25));
        Response stored = client.responses().retrieve(response.id());
        assertThat(text(stored)).isEqualTo("Rayleigh scattering.");
        assertThat(stored.output().get(1).message().orElseThrow().id()).isEqualTo(response.output().get(1).message().orElseThrow().id());
    }

    @Test
    void should_run_a_tool_round_trip_through_previous_response_id_on_anthropic() throws Exception {
        backend.stubFor(post(urlEqualTo("/anthropic/v1/messages")).atPriority(5).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                         "content":[{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}],
                         "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":30,"output_tokens":12}}""")));
        backend.stubFor(post(urlEqualTo("/anthropic/v1/messages")).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("tool_result"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"id":"msg_02","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                         "content":[{"type":"text","text":"Sunny in Paris."}],
                         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":50,"output_tokens":5}}""")));
        FunctionTool weather = FunctionTool.builder().name("get_weather").strict(false)
                .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
                .build();

        Response first = client.responses().create(ResponseCreateParams.builder().model("anthropic/claude-sonnet-4-5")
                .input("Weather in Paris?").addTool(weather).build());
        ResponseFunctionToolCall call = first.output().stream().map(ResponseOutputItem::functionCall)
                .flatMap(java.util.Optional::stream).findFirst().orElseThrow();
        Response second = client.responses().create(ResponseCreateParams.builder().model("anthropic/claude-sonnet-4-5")
                .previousResponseId(first.id()).addTool(weather)
                .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                        .callId(call.callId()).output("Sunny, 21 °C").build())))
                .build());

        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.callId()).isEqualTo("toolu_01");
        assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(text(second)).isEqualTo("Sunny in Paris.");
        JsonNode sent = Json.parse(backend.findAll(postRequestedFor(urlEqualTo("/anthropic/v1/messages"))).get(1).getBodyAsString());
        assertThat(sent.at("/messages/0/content").toString()).contains("Weather in Paris?");
        assertThat(sent.at("/messages/1/content/0/type").asText()).isEqualTo("tool_use");
        assertThat(sent.at("/messages/1/content/0/id").asText()).isEqualTo("toolu_01");
        assertThat(sent.at("/messages/2/content/0/type").asText()).isEqualTo("tool_result");
        assertThat(sent.at("/messages/2/content/0/tool_use_id").asText()).isEqualTo("toolu_01");
        assertThat(sent.at("/tools/0/name").asText()).isEqualTo("get_weather");

        client.responses().delete(second.id());
        assertThatThrownBy(() -> client.responses().retrieve(second.id())).isInstanceOf(NotFoundException.class);
        assertThat(client.responses().retrieve(first.id()).id()).isEqualTo(first.id());
    }

    @Test
    void should_keep_nothing_with_store_false_and_refuse_hosted_tools() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"model":"qwen3","message":{"role":"assistant","content":"Hi."},"done":true,"done_reason":"stop"}""")));

        Response unstored = client.responses().create(ResponseCreateParams.builder().model("ollama/qwen3").input("Hi").store(false).build());
        HttpResponse<String> hosted = postJson("/v1/responses", """
                {"model":"ollama/qwen3","input":"Find news","tools":[{"type":"web_search"}]}""");

        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("ollama/qwen3")
                .previousResponseId(unstored.id()).input("And then?").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(unstored.id());
        assertThatThrownBy(() -> client.responses().retrieve("resp_nothing")).isInstanceOf(NotFoundException.class);
        assertThat(hosted.statusCode()).isEqualTo(400);
        assertThat(Json.parse(hosted.body()).at("/error/message").asText()).contains("'web_search'");
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("ollama/qwen3")
                .input("x").maxOutputTokens(0L).build())).isInstanceOf(BadRequestException.class);
    }

    /** The text of a response's message items. */
    private static String text(Response response) {
        StringBuilder text = new StringBuilder();
        response.output().forEach(item -> item.message().ifPresent(message -> message.content()
                .forEach(part -> part.outputText().ifPresent(out -> text.append(out.text())))));
        return text.toString();
    }
}
