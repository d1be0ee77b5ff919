package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Anthropic Java SDK, unchanged, pointed at the gateway, reaching an Ollama model. */
class AnthropicSdkTest extends GatewayTestSupport {

    private AnthropicClient client;

    @BeforeEach
    void connect() {
        client = AnthropicOkHttpClient.builder().baseUrl(gateway("")).apiKey("unused-by-the-gateway").maxRetries(0).build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private static MessageCreateParams.Builder params() {
        return MessageCreateParams.builder().model("llama3.2").maxTokens(1024).system("Be brief.")
                .addTool(Tool.builder().name("get_weather").description("Current weather")
                        .inputSchema(Tool.InputSchema.builder().properties(Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string"))).build()).build())
                        .build())
                .addUserMessage("Weather in Paris?");
    }

    @Test
    void should_do_a_tool_round_trip_without_streaming() {
        backend.stubFor(post(urlEqualTo("/api/chat")).atPriority(5)
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"",
                          "tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},
                         "done":true,"done_reason":"stop","prompt_eval_count":20,"eval_count":9}""")));
        backend.stubFor(post(urlEqualTo("/api/chat")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.messages[3].role", equalTo("tool")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":"It is 21°C in Paris."},
                         "done":true,"done_reason":"stop","prompt_eval_count":40,"eval_count":8}""")));

        Message first = client.messages().create(params().build());

        assertThat(first.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock call = first.content().get(0).toolUse().orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call._input().toString()).contains("Paris");

        Message second = client.messages().create(params().addMessage(first)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(call.id()).content("21°C").build())))
                .build());

        assertThat(second.content().get(0).text().orElseThrow().text()).isEqualTo("It is 21°C in Paris.");
        assertThat(second.stopReason()).contains(StopReason.END_TURN);
        assertThat(second.usage().outputTokens()).isEqualTo(8);
        backend.verify(postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("Be brief.")))
                .withRequestBody(matchingJsonPath("$.messages[3].tool_name", equalTo("get_weather")))
                .withRequestBody(matchingJsonPath("$.messages[3].content", equalTo("21°C"))));
    }

    @Test
    void should_stream_events_the_sdk_accumulates_into_a_message() {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson").withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"","thinking":"Paris, so"},"done":false}
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Let me"},"done":false}
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":" check."},"done":false}
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},"done":false}
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":20,"eval_count":15}
                        """).withChunkedDribbleDelay(5, 300)));

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params().build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        assertThat(message.content()).hasSize(3);
        assertThat(message.content().get(0).thinking().orElseThrow().thinking()).isEqualTo("Paris, so");
        assertThat(message.content().get(1).text().orElseThrow().text()).isEqualTo("Let me check.");
        ToolUseBlock call = message.content().get(2).toolUse().orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call._input().toString()).contains("Paris");
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(message.usage().outputTokens()).isEqualTo(15);
    }

    @Test
    void should_list_models_in_anthropics_shape_for_the_sdk() {
        backend.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/api/tags")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"modified_at\":\"2025-05-04T17:37:44Z\"}]}")));
        discoverModels();

        List<String> ids = client.models().list().data().stream().map(com.anthropic.models.models.ModelInfo::id).toList();

        assertThat(ids).containsExactly("ollama/llama3.2:latest");
    }

    @Test
    void should_raise_the_sdk_exception_for_the_backends_status() {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"model 'llama3.2' not found\"}")));

        assertThatThrownBy(() -> client.messages().create(params().build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("model 'llama3.2' not found");
    }
}
