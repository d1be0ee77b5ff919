package dev.llmgateway.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendCodec;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.GenerationOptions;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.model.Usage;
import dev.llmgateway.stream.ChatStream;
import dev.llmgateway.stream.TrickleReadStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class AnthropicBackendCodecTest {

    private static final String PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";

    private final AnthropicBackendCodec codec = new AnthropicBackendCodec();
    private final Backend backend = new Backend("anthropic", "anthropic", "https://api.anthropic.com",
            "sk-ant-test", null, "third-party", null, Map.of());

    @Test
    void should_send_the_key_as_x_api_key_with_the_api_version_and_no_authorization() {
        // given
        Exchange exchange = exchange();

        // when
        codec.prepareModelsRequest(exchange);

        // then
        Message message = exchange.getMessage();
        assertThat(message.getHeader("x-api-key")).isEqualTo("sk-ant-test");
        assertThat(message.getHeader("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(message.getHeader("Authorization")).isNull();
    }

    @Test
    void should_lift_system_messages_and_send_options_with_the_default_max_tokens() throws Exception {
        // given: seed and penalties have no Messages API field
        ChatRequest request = new ChatRequest("claude-sonnet-4-5", List.of(ChatMessage.of(Role.SYSTEM, "Be brief."),
                ChatMessage.of(Role.SYSTEM, "Answer in English."), ChatMessage.of(Role.USER, "Why is the sky blue?")),
                null, null, new GenerationOptions(0.2, 0.9, 40, null, List.of("END"), 7L, 0.5, 0.5, null), true);

        // when
        ObjectNode body = codec.encode(request, backend);

        // then
        assertThat(body).isEqualTo(Json.parse("""
                {"model":"claude-sonnet-4-5","system":"Be brief.\\n\\nAnswer in English.",
                 "messages":[{"role":"user","content":"Why is the sky blue?"}],
                 "max_tokens":4096,"temperature":0.2,"top_p":0.9,"top_k":40,"stop_sequences":["END"],"stream":true}"""));
    }

    @Test
    void should_prefer_the_request_max_tokens_over_the_backend_setting() {
        // given
        Backend configured = new Backend("anthropic", "anthropic", "https://api.anthropic.com", "k", null,
                "third-party", null, Map.of("maxTokens", "8192"));
        ChatRequest defaulted = new ChatRequest("claude-haiku-4-5", List.of(ChatMessage.of(Role.USER, "Hi")),
                null, null, null, false);
        ChatRequest limited = new ChatRequest("claude-haiku-4-5", List.of(ChatMessage.of(Role.USER, "Hi")),
                null, null, new GenerationOptions(null, null, null, 100, null, null, null, null, null), false);

        // when
        JsonNode fromSetting = codec.encode(defaulted, configured);
        JsonNode fromRequest = codec.encode(limited, configured);

        // then
        assertThat(fromSetting.get("max_tokens").asInt()).isEqualTo(8192);
        assertThat(fromSetting.get("stream").asBoolean(true)).isFalse();
        assertThat(fromRequest.get("max_tokens").asInt()).isEqualTo(100);
    }

    @Test
    void should_send_the_tool_round_trip_as_tool_use_and_one_user_message_of_tool_results() throws Exception {
        // given: two parallel calls answered by two OpenAI tool messages, then a user follow-up
        List<ChatMessage> messages = List.of(
                ChatMessage.of(Role.USER, "Weather in Paris and Rome?"),
                new ChatMessage(Role.ASSISTANT, "Let me check.", null, "Two cities, two calls.", List.of(
                        new ToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("toolu_02", "get_weather", "")), null, null),
                new ChatMessage(Role.TOOL, "21°C", null, null, null, "toolu_01", "get_weather"),
                new ChatMessage(Role.TOOL, "25°C", null, null, null, "toolu_02", "get_weather"),
                ChatMessage.of(Role.USER, "And in Kelvin?"));
        ChatRequest request = new ChatRequest("claude-sonnet-4-5", messages,
                List.of(new ToolDefinition("get_weather", "Current weather", Json.parse("""
                        {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")),
                        new ToolDefinition("now", null, null)),
                Json.MAPPER.getNodeFactory().textNode("required"), null, false);

        // when
        ObjectNode body = codec.encode(request, backend);

        // then: thinking is dropped (no signature), "" arguments become {}
        assertThat(body.get("messages")).isEqualTo(Json.parse("""
                [{"role":"user","content":"Weather in Paris and Rome?"},
                 {"role":"assistant","content":[{"type":"text","text":"Let me check."},
                   {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}},
                   {"type":"tool_use","id":"toolu_02","name":"get_weather","input":{}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"21°C"},
                   {"type":"tool_result","tool_use_id":"toolu_02","content":"25°C"},
                   {"type":"text","text":"And in Kelvin?"}]}]"""));
        assertThat(body.get("tools")).isEqualTo(Json.parse("""
                [{"name":"get_weather","description":"Current weather",
                  "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
                 {"name":"now","input_schema":{"type":"object","properties":{}}}]"""));
        assertThat(body.get("tool_choice")).isEqualTo(Json.parse("{\"type\":\"any\"}"));
    }

    @Test
    void should_send_an_anthropic_clients_tool_loop_back_block_for_block_with_signatures_and_cache_control() throws Exception {
        // given: prompt caching on system, a tool and a user block; a tool loop with signed and redacted thinking
        String client = """
                {"model":"claude-sonnet-4-5","max_tokens":4096,
                 "system":[{"type":"text","text":"You answer weather questions.","cache_control":{"type":"ephemeral","ttl":"1h"}}],
                 "tools":[{"name":"get_weather","description":"Current weather",
                   "input_schema":{"type":"object","properties":{"city":{"type":"string"}}},"cache_control":{"type":"ephemeral"}}],
                 "messages":[
                  {"role":"user","content":[{"type":"text","text":"A long document…","cache_control":{"type":"ephemeral"}},
                                            {"type":"text","text":"Weather in Paris?"}]},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"Let me check","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"},
                                                 {"type":"redacted_thinking","data":"EmwKAhgBEgyGCtOJ1NW5jW0vbmNO"},
                                                 {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"Sunny","cache_control":{"type":"ephemeral"}}]}]}""";
        JsonNode sent = Json.parse(client);

        // when
        ObjectNode body = codec.encode(anthropicRequest(client), backend);

        // then: what the client wrote, unchanged
        assertThat(body.get("system")).isEqualTo(sent.get("system"));
        assertThat(body.get("tools")).isEqualTo(sent.get("tools"));
        assertThat(body.get("messages")).isEqualTo(sent.get("messages"));
    }

    @Test
    void should_show_other_backends_an_anthropic_tool_loop_without_signatures_redacted_thinking_or_cache_control() throws Exception {
        // given
        ChatRequest request = anthropicRequest("""
                {"model":"llama3.2","max_tokens":1024,"system":[{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"Let me check","signature":"EqQBCgIYAhIM"},
                    {"type":"redacted_thinking","data":"EmwKAhgBEgy"},
                    {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"Sunny"}]}]}""");

        // when
        List<ChatMessage> messages = request.messages();

        // then: the fields other dialects read hold the thinking text and nothing of the rest
        assertThat(messages).extracting(ChatMessage::role).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL);
        assertThat(messages.get(0).content()).isEqualTo("Be brief.");
        assertThat(messages.get(2).content()).isEmpty();
        assertThat(messages.get(2).thinking()).isEqualTo("Let me check");
        assertThat(messages.get(2).toolCalls()).containsExactly(new ToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(messages.get(3).content()).isEqualTo("Sunny");
    }

    @Test
    void should_drop_thinking_without_a_signature_that_another_backend_produced() throws Exception {
        // given: the Anthropic door shows an Ollama model's reasoning with "signature":"", and the client sends it back
        ChatRequest request = anthropicRequest("""
                {"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Weather?"},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"Paris, so","signature":""},
                    {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"Sunny"}]}]}""");

        // when
        ObjectNode body = codec.encode(request, backend);

        // then: Anthropic would answer 400 "Invalid signature in thinking block"
        assertThat(body.path("messages").path(1).path("content")).isEqualTo(Json.parse("""
                [{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}]"""));
    }

    @Test
    void should_map_every_openai_tool_choice() throws Exception {
        // when / then
        assertThat(AnthropicTools.toolChoice(Json.parse("\"auto\""))).isEqualTo(Json.parse("{\"type\":\"auto\"}"));
        assertThat(AnthropicTools.toolChoice(Json.parse("\"none\""))).isEqualTo(Json.parse("{\"type\":\"none\"}"));
        assertThat(AnthropicTools.toolChoice(Json.parse("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}")))
                .isEqualTo(Json.parse("{\"type\":\"tool\",\"name\":\"get_weather\"}"));
    }

    @Test
    void should_send_an_unparseable_tool_call_argument_as_an_empty_object() throws Exception {
        // given: a weak model's call replayed by the client
        List<ChatMessage> messages = List.of(ChatMessage.of(Role.USER, "Weather?"),
                new ChatMessage(Role.ASSISTANT, "", null, null,
                        List.of(new ToolCall("toolu_01", "get_weather", "{\"city\":")), null, null),
                new ChatMessage(Role.TOOL, "unknown city", null, null, null, "toolu_01", null));
        ChatRequest request = new ChatRequest("claude-sonnet-4-5", messages, null, null, null, false);

        // when
        ObjectNode body = codec.encode(request, backend);

        // then: no tools, so no tool_choice either
        assertThat(body.path("messages").path(1).path("content")).isEqualTo(Json.parse("""
                [{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}]"""));
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
    }

    @Test
    void should_send_images_as_base64_and_url_sources_and_merge_adjacent_user_messages() throws Exception {
        // given
        List<ChatMessage> messages = List.of(
                new ChatMessage(Role.USER, "What is in these pictures?", List.of(PNG), null, null, null, null),
                new ChatMessage(Role.USER, "", List.of("https://upload.wikimedia.org/cat.jpg"), null, null, null, null));
        ChatRequest request = new ChatRequest("claude-sonnet-4-5", messages, null, null, null, false);

        // when
        ObjectNode body = codec.encode(request, backend);

        // then
        assertThat(body.get("messages")).isEqualTo(Json.parse("""
                [{"role":"user","content":[{"type":"text","text":"What is in these pictures?"},
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"%s"}},
                  {"type":"image","source":{"type":"url","url":"https://upload.wikimedia.org/cat.jpg"}}]}]"""
                .formatted(PNG.substring(PNG.indexOf(',') + 1))));
    }

    @Test
    void should_refuse_a_data_url_that_is_not_base64() {
        // given
        ChatRequest request = new ChatRequest("claude-sonnet-4-5", List.of(new ChatMessage(Role.USER, "Draw it",
                List.of("data:image/svg+xml,<svg/>"), null, null, null, null)), null, null, null, false);

        // when / then
        assertThatThrownBy(() -> codec.encode(request, backend))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("only base64 data URLs")
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(400));
    }

    @Test
    void should_enable_thinking_with_a_budget_below_max_tokens_and_leave_temperature_out() throws Exception {
        // given: high = 16384, above the default 4096
        ChatRequest request = new ChatRequest("claude-sonnet-4-5", List.of(ChatMessage.of(Role.USER, "Prove it.")),
                null, null, new GenerationOptions(0.7, null, 40, null, null, null, null, null, null, null, null, "high"),
                true);

        // when
        ObjectNode body = codec.encode(request, backend);

        // then
        assertThat(body.get("thinking")).isEqualTo(Json.parse("{\"type\":\"enabled\",\"budget_tokens\":16384}"));
        assertThat(body.get("max_tokens").asInt()).isEqualTo(16384 + 4096);
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("top_k")).isFalse();
    }

    @Test
    void should_map_the_reasoning_levels_to_budgets_and_off_to_none() {
        // when / then
        assertThat(budget("low", 2000)).isEqualTo(1024);
        assertThat(budget("medium", 10000)).isEqualTo(4096);
        assertThat(budget("on", 10000)).isEqualTo(4096);
        assertThat(budget("off", 10000)).isNull();
    }

    @Test
    void should_leave_thinking_off_inside_a_tool_loop_whose_thinking_cannot_be_sent_back() {
        // given: the last assistant turn called a tool; Anthropic would want its signed thinking block
        List<ChatMessage> messages = List.of(ChatMessage.of(Role.USER, "Weather?"),
                new ChatMessage(Role.ASSISTANT, "", null, "I should call the tool.",
                        List.of(new ToolCall("toolu_01", "get_weather", "{}")), null, null),
                new ChatMessage(Role.TOOL, "21°C", null, null, null, "toolu_01", null));
        ChatRequest request = new ChatRequest("claude-sonnet-4-5", messages, null, null,
                new GenerationOptions(null, null, null, null, null, null, null, null, null, null, null, "high"), false);

        // when
        ObjectNode body = codec.encode(request, backend);

        // then
        assertThat(body.has("thinking")).isFalse();
        assertThat(body.get("max_tokens").asInt()).isEqualTo(4096);
    }

    @Test
    void should_keep_an_anthropic_clients_thinking_and_budget_unchanged_inside_its_signed_tool_loop() throws Exception {
        // given: 2048 would be the "low" level's 1024 if it went through the reasoning levels
        ChatRequest request = anthropicRequest("""
                {"model":"claude-sonnet-4-5","max_tokens":4096,"thinking":{"type":"enabled","budget_tokens":2048},
                 "temperature":0.5,
                 "tools":[{"name":"get_weather","input_schema":{"type":"object"}}],
                 "messages":[{"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"Let me check","signature":"EqQBCgIYAhIM"},
                    {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"Sunny"}]}]}""");

        // when
        ObjectNode body = codec.encode(request, backend);

        // then
        assertThat(body.get("thinking")).isEqualTo(Json.parse("{\"type\":\"enabled\",\"budget_tokens\":2048}"));
        assertThat(body.get("max_tokens").asInt()).isEqualTo(4096);
        assertThat(body.has("temperature")).isFalse();
    }

    @Test
    void should_pass_adaptive_and_disabled_thinking_as_the_client_gave_them() throws Exception {
        // when
        ObjectNode adaptive = codec.encode(anthropicRequest("""
                {"model":"claude-opus-4-6","max_tokens":8000,"thinking":{"type":"adaptive"},"top_k":40,
                 "messages":[{"role":"user","content":"Prove it."}]}"""), backend);
        ObjectNode disabled = codec.encode(anthropicRequest("""
                {"model":"claude-sonnet-4-5","max_tokens":1024,"thinking":{"type":"disabled"},"top_k":40,
                 "messages":[{"role":"user","content":"Hi"}]}"""), backend);

        // then: top_k only where the model does not think
        assertThat(adaptive.get("thinking")).isEqualTo(Json.parse("{\"type\":\"adaptive\"}"));
        assertThat(adaptive.get("max_tokens").asInt()).isEqualTo(8000);
        assertThat(adaptive.has("top_k")).isFalse();
        assertThat(disabled.get("thinking")).isEqualTo(Json.parse("{\"type\":\"disabled\"}"));
        assertThat(disabled.get("top_k").asInt()).isEqualTo(40);
    }

    @Test
    void should_leave_an_anthropic_clients_thinking_out_of_a_tool_loop_whose_thinking_is_unsigned() throws Exception {
        // given: the tool call came from another backend, whose reasoning the Anthropic door showed unsigned
        ChatRequest request = anthropicRequest("""
                {"model":"claude-sonnet-4-5","max_tokens":4096,"thinking":{"type":"enabled","budget_tokens":2048},
                 "messages":[{"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"Paris, so","signature":""},
                    {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"Sunny"}]}]}""");

        // when
        ObjectNode body = codec.encode(request, backend);

        // then: else Anthropic answers 400 (expected thinking before tool_use)
        assertThat(body.has("thinking")).isFalse();
    }

    @Test
    void should_leave_thinking_out_with_a_forced_tool_choice_which_anthropic_refuses_with_it() throws Exception {
        // given
        ChatRequest request = anthropicRequest("""
                {"model":"claude-sonnet-4-5","max_tokens":4096,"thinking":{"type":"enabled","budget_tokens":2048},
                 "tools":[{"name":"get_weather","input_schema":{"type":"object"}}],"tool_choice":{"type":"any"},
                 "messages":[{"role":"user","content":"Weather in Paris?"}]}""");

        // when
        ObjectNode body = codec.encode(request, backend);

        // then
        assertThat(body.get("tool_choice")).isEqualTo(Json.parse("{\"type\":\"any\"}"));
        assertThat(body.has("thinking")).isFalse();
    }

    @Test
    void should_decode_a_whole_reply_with_thinking_text_and_tool_use() throws Exception {
        // given
        String reply = """
                {"id":"msg_01Aq9w938a90dw8q","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
                 "content":[{"type":"thinking","thinking":"The user wants the weather in Paris.","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"},
                   {"type":"redacted_thinking","data":"EmwKAhgBEgyGCtOJ1NW5jW0vbmNO"},
                   {"type":"text","text":"I'll check the weather in Paris."},
                   {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather","input":{"location":"Paris, France","unit":"celsius"}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":412,"cache_creation_input_tokens":0,"cache_read_input_tokens":100,"output_tokens":87,"service_tier":"standard"}}""";

        // when
        ChatChunk chunk = codec.decodeWhole(Json.parse(reply));

        // then: cached prompt tokens count as prompt tokens, as OpenAI counts them; the blocks go along for Anthropic clients
        assertThat(chunk).isEqualTo(new ChatChunk("I'll check the weather in Paris.", "The user wants the weather in Paris.",
                List.of(new ToolCallDelta(0, "toolu_01A09q90qw90lq917835lq9", "get_weather",
                        "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}")),
                FinishReason.TOOL_CALLS, new Usage(512, 87, 0, 100), "claude-sonnet-4-5-20250929", null, null,
                Json.parse(reply).get("content")));
    }

    @Test
    void should_map_every_stop_reason() {
        // when / then
        assertThat(AnthropicFrameDecoder.finish("end_turn")).isEqualTo(FinishReason.STOP);
        assertThat(AnthropicFrameDecoder.finish("stop_sequence")).isEqualTo(FinishReason.STOP);
        assertThat(AnthropicFrameDecoder.finish("max_tokens")).isEqualTo(FinishReason.LENGTH);
        assertThat(AnthropicFrameDecoder.finish("tool_use")).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(AnthropicFrameDecoder.finish("refusal")).isEqualTo(FinishReason.CONTENT_FILTER);
    }

    @Test
    void should_list_models_with_their_creation_date() throws Exception {
        // given
        String models = """
                {"data":[{"type":"model","id":"claude-sonnet-4-5-20250929","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"},
                  {"type":"model","id":"claude-haiku-4-5-20251001","display_name":"Claude Haiku 4.5","created_at":"2025-10-15T00:00:00Z"}],
                 "has_more":false,"first_id":"claude-sonnet-4-5-20250929","last_id":"claude-haiku-4-5-20251001"}""";

        // when
        List<ModelInfo> decoded = codec.decodeModels(Json.parse(models), backend);

        // then
        assertThat(decoded).containsExactly(
                new ModelInfo("anthropic", "claude-sonnet-4-5-20250929", 1759104000L),
                new ModelInfo("anthropic", "claude-haiku-4-5-20251001", 1760486400L));
    }

    @Test
    void should_fail_with_the_message_of_an_error_body_before_streaming() throws Exception {
        // given
        Exchange exchange = exchange();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(new ByteArrayInputStream("""
                {"type":"error","error":{"type":"not_found_error","message":"model: claude-sonnet-9"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}"""
                .getBytes(StandardCharsets.UTF_8)));

        // when / then
        assertThatThrownBy(() -> codec.decodeReply(exchange))
                .hasMessage("backend 'anthropic' answered 404: model: claude-sonnet-9")
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(404));
    }

    @Test
    void should_decode_an_event_stream_reply_through_the_kamelet_step() throws Exception {
        // given: what the llm-upstream endpoint hands the kamelet's decodeReply step
        Exchange exchange = exchange();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        exchange.getMessage().setBody(TrickleReadStream.liveReply("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi!"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":4}}

                event: message_stop
                data: {"type":"message_stop"}

                """));

        // when
        ChatResponse reply;
        try (ChatStream stream = (ChatStream) codec.decodeReply(exchange)) {
            reply = stream.relay(chunk -> { });
        }

        // then
        assertThat(reply.message().content()).isEqualTo("Hi!");
        assertThat(reply.usage()).isEqualTo(new Usage(9, 4));
        assertThat(reply.model()).isEqualTo("claude-haiku-4-5-20251001");
    }

    /** What the Anthropic door makes of a client's request body. */
    private static ChatRequest anthropicRequest(String json) throws Exception {
        JsonNode body = Json.parse(json);
        return new ChatRequest(Json.text(body, "model"), AnthropicRequests.readMessages(body),
                AnthropicRequests.readTools(body.get("tools")), AnthropicRequests.readToolChoice(body.get("tool_choice")),
                AnthropicRequests.readOptions(body), Json.bool(body, "stream", false));
    }

    private Integer budget(String reasoning, int maxTokens) {
        ChatRequest request = new ChatRequest("claude-sonnet-4-5", List.of(ChatMessage.of(Role.USER, "Hi")), null, null,
                new GenerationOptions(null, null, null, maxTokens, null, null, null, null, null, null, null, reasoning), false);
        ObjectNode body = codec.encode(request, backend);
        if (!body.has("thinking")) {
            return null;
        }
        int budget = body.path("thinking").path("budget_tokens").asInt();
        assertThat(body.get("max_tokens").asInt()).isGreaterThan(budget);
        return budget;
    }

    private Exchange exchange() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(BackendCodec.BACKEND, backend);
        return exchange;
    }
}
