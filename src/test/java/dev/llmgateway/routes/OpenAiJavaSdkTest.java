package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.llmgateway.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, unchanged, pointed at the gateway's /v1. */
class OpenAiJavaSdkTest extends GatewayTestSupport {

    private OpenAIClient client;

    @BeforeEach
    void connect() {
        client = OpenAIOkHttpClient.builder().baseUrl(gateway("/v1")).apiKey("unused-by-the-gateway")
                .maxRetries(0).build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void should_complete_a_chat_with_an_ollama_model() {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53.8Z","message":{"role":"assistant","content":"Hello from Ollama"},
                         "done":true,"done_reason":"stop","prompt_eval_count":8,"eval_count":4}""")));

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("llama3.2").addSystemMessage("Be brief.").addUserMessage("Hi").build());

        completion.validate();
        assertThat(completion.choices().get(0).message().content()).hasValue("Hello from Ollama");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(12);
    }

    @Test
    void should_stream_and_accumulate_a_reply_with_a_tool_call() {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson")
                .withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Let me check."},"done":false}
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},"done":false}
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":20,"eval_count":15}
                        """)));
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("llama3.2").addUserMessage("Weather in Paris?")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .addFunctionTool(FunctionDefinition.builder().name("get_weather")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build())
                        .build())
                .build();

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }

        ChatCompletion completion = accumulator.chatCompletion();
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.message().content()).hasValue("Let me check.");
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageToolCall call = choice.message().toolCalls().orElseThrow().get(0);
        assertThat(call.asFunction().function().name()).isEqualTo("get_weather");
        assertThat(call.asFunction().function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(call.asFunction().id()).startsWith("call_");
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(15);
    }

    @Test
    void should_send_the_finish_reason_in_a_chunk_of_its_own_after_parallel_tool_calls() throws Exception {
        // the backend's last line carries both calls and the end of the reply at once
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson")
                .withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}},{"function":{"name":"get_weather","arguments":{"city":"Rome"}}}]},"done":true,"done_reason":"stop","prompt_eval_count":20,"eval_count":15}
                        """)));

        List<Event> events = streamEvents("/v1/chat/completions",
                "{\"model\":\"llama3.2\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris and Rome?\"}]}");

        List<JsonNode> chunks = new ArrayList<>();
        for (Event event : events) {
            if (!event.data().equals("[DONE]")) {
                chunks.add(Json.parse(event.data()));
            }
        }
        int finishAt = -1;
        int lastCallAt = -1;
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode choice = chunks.get(i).at("/choices/0");
            if (choice.path("delta").has("tool_calls")) {
                lastCallAt = i;
                assertThat(choice.path("finish_reason").isNull()).as(chunks.get(i).toString()).isTrue();
            }
            if (choice.hasNonNull("finish_reason")) {
                finishAt = i;
                assertThat(choice.path("delta").has("tool_calls")).isFalse();
            }
        }
        assertThat(lastCallAt).isGreaterThanOrEqualTo(0);
        assertThat(finishAt).isGreaterThan(lastCallAt);
        assertThat(chunks.get(finishAt).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("llama3.2").addUserMessage("Weather in Paris and Rome?").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        List<ChatCompletionMessageToolCall> calls = accumulator.chatCompletion().choices().get(0).message().toolCalls().orElseThrow();
        assertThat(calls).extracting(call -> call.asFunction().function().arguments())
                .containsExactly("{\"city\":\"Paris\"}", "{\"city\":\"Rome\"}");
    }

    @Test
    void should_surface_an_upstream_error_as_the_sdk_exception_for_its_status() {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"model 'nope' not found\"}")));

        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("nope").addUserMessage("Hi").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("model 'nope' not found");
    }
}
