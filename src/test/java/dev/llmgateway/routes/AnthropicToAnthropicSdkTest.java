package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.ThinkingBlock;
import com.anthropic.models.messages.ThinkingBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.llmgateway.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official Anthropic Java SDK through the gateway to an Anthropic backend: what Anthropic needs
 * back unchanged (signed and redacted thinking of a tool loop, prompt-cache breakpoints, the
 * thinking budget) reaches it, and what it answers (signatures, redacted thinking, cache counts)
 * reaches the SDK.
 */
class AnthropicToAnthropicSdkTest extends GatewayTestSupport {

    private static final String UPSTREAM = "/anthropic/v1/messages";
    private static final String SIGNATURE = "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds";
    private static final String REDACTED = "EmwKAhgBEgyGCtOJ1NW5jW0vbmNOGgzWOqr5Fkz6B2CD3rMiMNGa";

    private AnthropicClient client;

    @BeforeEach
    void connect() {
        client = AnthropicOkHttpClient.builder().baseUrl(gateway("")).apiKey("unused-by-the-gateway").maxRetries(0).build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void should_send_a_tool_loop_with_signed_and_redacted_thinking_and_cache_control_to_anthropic_unchanged() throws Exception {
        // given: Anthropic answers the loop's second turn whole, with thinking of its own and a cache hit
        backend.stubFor(post(urlEqualTo(UPSTREAM)).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                {"id":"msg_02","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
                 "content":[{"type":"thinking","thinking":"Sunny, so say so.","signature":"ErUBCkYIBhgC"},
                   {"type":"redacted_thinking","data":"EpYCCkYIBRgC"},
                   {"type":"text","text":"It is sunny in Paris."}],
                 "stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":25,"output_tokens":40,"cache_creation_input_tokens":0,"cache_read_input_tokens":1800}}""")));
        MessageCreateParams params = toolLoop().build();

        // when
        Message reply = client.messages().create(params);

        // then: what reached Anthropic is what the SDK wrote
        JsonNode sent = upstreamBody();
        assertThat(sent.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(sent.get("thinking")).isEqualTo(Json.parse("{\"type\":\"enabled\",\"budget_tokens\":2048}"));
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(4096);
        assertThat(sent.get("system")).isEqualTo(Json.parse("""
                [{"type":"text","text":"You answer weather questions.","cache_control":{"type":"ephemeral","ttl":"1h"}}]"""));
        assertThat(sent.get("tools")).isEqualTo(Json.parse("""
                [{"name":"get_weather","description":"Current weather",
                  "input_schema":{"type":"object","properties":{"city":{"type":"string"}}},"cache_control":{"type":"ephemeral"}}]"""));
        assertThat(sent.get("messages")).isEqualTo(Json.parse("""
                [{"role":"user","content":[{"type":"text","text":"Weather in Paris?","cache_control":{"type":"ephemeral"}}]},
                 {"role":"assistant","content":[{"type":"thinking","thinking":"Let me check","signature":"%s"},
                   {"type":"redacted_thinking","data":"%s"},
                   {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"Sunny","cache_control":{"type":"ephemeral"}}]}]"""
                .formatted(SIGNATURE, REDACTED)));
        // and what Anthropic answered is what the SDK reads
        assertThat(reply.content()).hasSize(3);
        ThinkingBlock thinking = reply.content().get(0).thinking().orElseThrow();
        assertThat(thinking.thinking()).isEqualTo("Sunny, so say so.");
        assertThat(thinking.signature()).isEqualTo("ErUBCkYIBhgC");
        assertThat(reply.content().get(1).redactedThinking().orElseThrow().data()).isEqualTo("EpYCCkYIBRgC");
        assertThat(reply.content().get(2).text().orElseThrow().text()).isEqualTo("It is sunny in Paris.");
        assertThat(reply.usage().inputTokens()).isEqualTo(25);
        assertThat(reply.usage().cacheReadInputTokens()).contains(1800L);
        assertThat(reply.usage().cacheCreationInputTokens()).contains(0L);
    }

    @Test
    void should_stream_signed_and_redacted_thinking_and_cache_counts_that_the_sdk_accumulates() throws Exception {
        // given
        backend.stubFor(post(urlEqualTo(UPSTREAM)).willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_03","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":1800}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":" check."}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"%s"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: content_block_start
                data: {"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"%s"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":1}

                event: content_block_start
                data: {"type":"content_block_start","index":2,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"Sunny."}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":2}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":52}}

                event: message_stop
                data: {"type":"message_stop"}

                """.formatted(SIGNATURE, REDACTED)).withChunkedDribbleDelay(6, 300)));

        // when
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(toolLoop().build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        // then
        assertThat(message.content()).hasSize(3);
        ThinkingBlock thinking = message.content().get(0).thinking().orElseThrow();
        assertThat(thinking.thinking()).isEqualTo("Let me check.");
        assertThat(thinking.signature()).isEqualTo(SIGNATURE);
        assertThat(message.content().get(1).redactedThinking().orElseThrow().data()).isEqualTo(REDACTED);
        assertThat(message.content().get(2).text().orElseThrow().text()).isEqualTo("Sunny.");
        assertThat(message.usage().inputTokens()).isEqualTo(25);
        assertThat(message.usage().cacheReadInputTokens()).contains(1800L);
        assertThat(message.usage().cacheCreationInputTokens()).contains(0L);
        assertThat(message.usage().outputTokens()).isEqualTo(52);
        assertThat(upstreamBody().get("stream").asBoolean()).isTrue();
        assertThat(upstreamBody().get("thinking")).isEqualTo(Json.parse("{\"type\":\"enabled\",\"budget_tokens\":2048}"));
    }

    @Test
    void should_put_the_cache_counts_in_message_start_and_the_signature_in_its_own_delta() throws Exception {
        // given
        backend.stubFor(post(urlEqualTo(UPSTREAM)).willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_04","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1,"cache_creation_input_tokens":1800,"cache_read_input_tokens":0}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Hm."}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"%s"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":9}}

                event: message_stop
                data: {"type":"message_stop"}

                """.formatted(SIGNATURE))));

        // when
        List<JsonNode> events = new ArrayList<>();
        for (Event event : streamEvents("/v1/messages", """
                {"model":"anthropic/claude-sonnet-4-5","max_tokens":4096,"stream":true,"thinking":{"type":"enabled","budget_tokens":1024},
                 "messages":[{"role":"user","content":"Hi"}]}""", "anthropic-version", "2023-06-01")) {
            events.add(Json.parse(event.data()));
        }

        // then
        assertThat(events.get(0).path("message").path("usage")).isEqualTo(Json.parse("""
                {"input_tokens":25,"output_tokens":1,"cache_creation_input_tokens":1800,"cache_read_input_tokens":0}"""));
        assertThat(events.subList(1, 5)).containsExactly(
                Json.parse("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}"),
                Json.parse("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Hm.\"}}"),
                Json.parse("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"" + SIGNATURE + "\"}}"),
                Json.parse("{\"type\":\"content_block_stop\",\"index\":0}"));
        assertThat(events.get(5).path("usage")).isEqualTo(Json.parse("""
                {"input_tokens":25,"output_tokens":9,"cache_creation_input_tokens":1800,"cache_read_input_tokens":0}"""));
    }

    /** The second turn of a tool loop with thinking, prompt-cache breakpoints on system, tool and two blocks. */
    private static MessageCreateParams.Builder toolLoop() {
        CacheControlEphemeral ephemeral = CacheControlEphemeral.builder().build();
        return MessageCreateParams.builder().model("anthropic/claude-sonnet-4-5").maxTokens(4096).enabledThinking(2048)
                .systemOfTextBlockParams(List.of(TextBlockParam.builder().text("You answer weather questions.")
                        .cacheControl(CacheControlEphemeral.builder().ttl(CacheControlEphemeral.Ttl.TTL_1H).build()).build()))
                .addTool(Tool.builder().name("get_weather").description("Current weather")
                        .inputSchema(Tool.InputSchema.builder().properties(Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string"))).build()).build())
                        .cacheControl(ephemeral).build())
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofText(
                        TextBlockParam.builder().text("Weather in Paris?").cacheControl(ephemeral).build())))
                .addAssistantMessageOfContentBlockParams(List.of(
                        ContentBlockParam.ofThinking(ThinkingBlockParam.builder().thinking("Let me check").signature(SIGNATURE).build()),
                        ContentBlockParam.ofRedactedThinking(REDACTED),
                        ContentBlockParam.ofToolUse(ToolUseBlockParam.builder().id("toolu_01").name("get_weather")
                                .input(ToolUseBlockParam.Input.builder().putAdditionalProperty("city", JsonValue.from("Paris")).build())
                                .build())))
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId("toolu_01").content("Sunny").cacheControl(ephemeral).build())));
    }

    private static JsonNode upstreamBody() throws Exception {
        List<LoggedRequest> requests = backend.findAll(postRequestedFor(urlEqualTo(UPSTREAM)));
        assertThat(requests).hasSize(1);
        return Json.parse(requests.get(0).getBodyAsString());
    }
}
