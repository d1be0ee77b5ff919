package dev.llmgateway.dialect.lmstudio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.model.Usage;
import dev.llmgateway.stream.ChatStream;
import dev.llmgateway.stream.TrickleReadStream;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class LmStudioBackendCodecTest {

    private static final String PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";

    private final LmStudioBackendCodec codec = new LmStudioBackendCodec();
    private final Backend backend = new Backend("lmStudio", "lmstudio", "http://127.0.0.1:1234", "", null);

    @Test
    void should_send_one_user_message_as_a_string_input_with_options_and_store_false() throws Exception {
        // given
        ChatRequest request = new ChatRequest("qwen/qwen3-8b",
                List.of(ChatMessage.of(Role.SYSTEM, "Be brief."), ChatMessage.of(Role.USER, "Why is the sky blue?")),
                null, null, new GenerationOptions(0.2, 0.9, 40, 256, List.of("END"), 7L, 0.5, 0.5, null), true);

        // when
        ObjectNode body = codec.encode(request);

        // then: stop, seed and the penalties have no native field
        assertThat(body).isEqualTo(Json.parse("""
                {"model":"qwen/qwen3-8b","system_prompt":"Be brief.","input":"Why is the sky blue?","stream":true,
                 "temperature":0.2,"top_p":0.9,"top_k":40,"max_output_tokens":256,"store":false}"""));
    }

    @Test
    void should_send_stream_false_explicitly() throws Exception {
        // given
        ChatRequest request = new ChatRequest("qwen/qwen3-8b", List.of(ChatMessage.of(Role.USER, "Hi")),
                null, null, null, false);

        // when
        ObjectNode body = codec.encode(request);

        // then
        assertThat(body).isEqualTo(Json.parse("""
                {"model":"qwen/qwen3-8b","input":"Hi","stream":false,"store":false}"""));
    }

    @Test
    void should_render_a_multi_turn_history_as_a_transcript_and_join_system_messages() throws Exception {
        // given
        List<ChatMessage> messages = List.of(
                ChatMessage.of(Role.SYSTEM, "Be brief."),
                ChatMessage.of(Role.USER, "My favourite colour is blue."),
                new ChatMessage(Role.ASSISTANT, "Noted.", null, "The user shares a fact.", null, null, null),
                ChatMessage.of(Role.SYSTEM, "Answer in one word."),
                ChatMessage.of(Role.USER, "What colour did I mention?"));
        ChatRequest request = new ChatRequest("qwen/qwen3-8b", messages, null, null, null, false);

        // when
        ObjectNode body = codec.encode(request);

        // then: earlier thinking stays out of the transcript
        assertThat(body.get("system_prompt").asText()).isEqualTo("Be brief.\n\nAnswer in one word.");
        assertThat(body.get("input").asText()).isEqualTo("""
                User: My favourite colour is blue.

                Assistant: Noted.

                User: What colour did I mention?""");
    }

    @Test
    void should_send_images_as_data_url_items_after_their_text() throws Exception {
        // given
        ChatRequest request = new ChatRequest("qwen/qwen3-vl-4b",
                List.of(new ChatMessage(Role.USER, "What is in this picture?", List.of(PNG), null, null, null, null)),
                null, null, null, false);

        // when
        ObjectNode body = codec.encode(request);

        // then
        assertThat(body.get("input")).isEqualTo(Json.parse("""
                [{"type":"message","content":"What is in this picture?"},
                 {"type":"image","data_url":"%s"}]""".formatted(PNG)));
    }

    @Test
    void should_keep_transcript_labels_on_the_items_of_a_multi_turn_history_with_an_image() throws Exception {
        // given: an image without text in the last turn
        List<ChatMessage> messages = List.of(
                ChatMessage.of(Role.USER, "I will send a picture."),
                ChatMessage.of(Role.ASSISTANT, "Go ahead."),
                new ChatMessage(Role.USER, "", List.of(PNG), null, null, null, null));
        ChatRequest request = new ChatRequest("qwen/qwen3-vl-4b", messages, null, null, null, false);

        // when
        ObjectNode body = codec.encode(request);

        // then
        assertThat(body.get("input")).isEqualTo(Json.parse("""
                [{"type":"message","content":"User: I will send a picture."},
                 {"type":"message","content":"Assistant: Go ahead."},
                 {"type":"message","content":"User:"},
                 {"type":"image","data_url":"%s"}]""".formatted(PNG)));
    }

    @Test
    void should_refuse_an_image_that_is_not_a_data_url() {
        // given
        ChatRequest request = new ChatRequest("qwen/qwen3-vl-4b", List.of(new ChatMessage(Role.USER, "What is it?",
                List.of("https://example.com/cat.png"), null, null, null, null)), null, null, null, false);

        // when / then
        assertThatThrownBy(() -> codec.encode(request))
                .isInstanceOf(GatewayException.class)
                .hasMessage("LM Studio accepts only inline images (data: URLs), not https://example.com/cat.png");
    }

    @Test
    void should_refuse_tools_and_name_the_openai_endpoint_type() throws Exception {
        // given
        ChatRequest request = new ChatRequest("qwen/qwen3-8b", List.of(ChatMessage.of(Role.USER, "Weather in Paris?")),
                List.of(new ToolDefinition("get_weather", "Current weather", Json.parse("{\"type\":\"object\"}"))),
                null, null, false);

        // when / then
        assertThatThrownBy(() -> codec.encode(request))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("does not support client-side tools")
                .hasMessageContaining("endpointType=openai")
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(400));
    }

    @Test
    void should_refuse_a_history_with_tool_calls_and_results_even_without_tools() {
        // given: a client that dropped `tools` on the follow-up turn
        List<ChatMessage> messages = List.of(
                ChatMessage.of(Role.USER, "Weather in Paris?"),
                new ChatMessage(Role.ASSISTANT, "", null, null,
                        List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")), null, null),
                new ChatMessage(Role.TOOL, "21°C", null, null, null, "call_1", null));
        ChatRequest request = new ChatRequest("qwen/qwen3-8b", messages, null, null, null, false);

        // when / then
        assertThatThrownBy(() -> codec.encode(request))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("tool calls in the history")
                .hasMessageContaining("endpointType=openai");
    }

    @Test
    void should_refuse_a_json_response_format_instead_of_answering_free_text() throws Exception {
        // given
        ChatRequest request = new ChatRequest("qwen/qwen3-8b", List.of(ChatMessage.of(Role.USER, "List three colours")),
                null, null, new GenerationOptions(null, null, null, null, null, null, null, null,
                        Json.parse("{\"type\":\"json_object\"}")), false);

        // when / then
        assertThatThrownBy(() -> codec.encode(request))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("response_format 'json_object'")
                .hasMessageContaining("endpointType=openai");
    }

    @Test
    void should_decode_a_whole_reply_with_reasoning_and_usage() throws Exception {
        // given
        String reply = """
                {"model_instance_id":"qwen/qwen3-8b",
                 "output":[{"type":"reasoning","content":"The user greets me."},{"type":"message","content":"Hello! How can I help?"}],
                 "stats":{"input_tokens":12,"total_output_tokens":16,"reasoning_output_tokens":6,
                   "tokens_per_second":41.097718386623356,"time_to_first_token_seconds":0.214}}""";

        // when
        ChatChunk chunk = codec.decodeWhole(Json.parse(reply));

        // then
        assertThat(chunk).isEqualTo(new ChatChunk("Hello! How can I help?", "The user greets me.", List.of(),
                FinishReason.STOP, new Usage(12, 16), "qwen/qwen3-8b"));
    }

    @Test
    void should_join_message_items_around_server_side_tool_calls() throws Exception {
        // given: the chat.md sample shape, with an MCP call between two messages
        String reply = """
                {"model_instance_id":"ibm/granite-4-micro",
                 "output":[{"type":"message","content":"Let me look. "},
                   {"type":"tool_call","tool":"model_search","arguments":{"sort":"trendingScore","limit":1},"output":"...",
                    "provider_info":{"server_label":"huggingface","type":"ephemeral_mcp"}},
                   {"type":"message","content":"The top model is deepseek-ai/DeepSeek-OCR."}],
                 "stats":{"input_tokens":646,"total_output_tokens":586,"reasoning_output_tokens":0,
                   "tokens_per_second":29.753900615398926,"time_to_first_token_seconds":1.088,"model_load_time_seconds":2.656},
                 "response_id":"resp_4ef013eba0def1ed23f19dde72b67974c579113f544086de"}""";

        // when
        ChatChunk chunk = codec.decodeWhole(Json.parse(reply));

        // then
        assertThat(chunk.content()).isEqualTo("Let me look. The top model is deepseek-ai/DeepSeek-OCR.");
        assertThat(chunk.thinking()).isNull();
        assertThat(chunk.toolCalls()).isEmpty();
        assertThat(chunk.usage()).isEqualTo(new Usage(646, 586));
    }

    @Test
    void should_report_length_when_the_stats_name_the_token_limit() throws Exception {
        // given: v0's stop_reason, honoured in case v1 sends it
        String reply = """
                {"model_instance_id":"qwen/qwen3-8b","output":[{"type":"message","content":"Deep"}],
                 "stats":{"input_tokens":9,"total_output_tokens":1,"stop_reason":"maxPredictedTokensReached"}}""";

        // when
        ChatChunk chunk = codec.decodeWhole(Json.parse(reply));

        // then
        assertThat(chunk.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void should_list_only_llms_by_key() throws Exception {
        // given: list.md
        String models = """
                {"models":[
                  {"type":"llm","publisher":"lmstudio-community","key":"gemma-3-270m-it-qat","display_name":"Gemma 3 270m Instruct Qat",
                   "architecture":"gemma3","quantization":{"name":"Q4_0","bits_per_weight":4},"size_bytes":241410208,"params_string":"270M",
                   "loaded_instances":[{"id":"gemma-3-270m-it-qat","config":{"context_length":4096}}],"max_context_length":32768,
                   "format":"gguf","capabilities":{"vision":false,"trained_for_tool_use":false},"description":null},
                  {"type":"embedding","publisher":"gaianet","key":"text-embedding-nomic-embed-text-v1.5-embedding",
                   "display_name":"Nomic Embed Text v1.5","quantization":{"name":"F16","bits_per_weight":16},"size_bytes":274290560,
                   "params_string":null,"loaded_instances":[],"max_context_length":2048,"format":"gguf"},
                  {"type":"llm","publisher":"qwen","key":"qwen/qwen3-8b","display_name":"Qwen3 8B","architecture":"qwen3",
                   "quantization":{"name":"Q4_K_M","bits_per_weight":4},"size_bytes":5027783488,"params_string":"8B",
                   "loaded_instances":[],"max_context_length":40960,"format":"gguf",
                   "capabilities":{"vision":false,"trained_for_tool_use":true},"description":null}]}""";

        // when
        List<ModelInfo> decoded = codec.decodeModels(Json.parse(models), backend);

        // then
        assertThat(decoded).containsExactly(
                new ModelInfo("lmStudio", "gemma-3-270m-it-qat", 0L),
                new ModelInfo("lmStudio", "qwen/qwen3-8b", 0L));
    }

    @Test
    void should_decode_an_event_stream_reply_through_the_kamelet_step() throws Exception {
        // given: what the llm-upstream endpoint hands the kamelet's decodeReply step
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(BackendCodec.BACKEND, backend);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/event-stream");
        exchange.getMessage().setBody(TrickleReadStream.liveReply("""
                event: chat.start
                data: {"type":"chat.start","model_instance_id":"qwen/qwen3-8b"}

                event: message.delta
                data: {"type":"message.delta","content":"Hi!"}

                event: chat.end
                data: {"type":"chat.end","result":{"model_instance_id":"qwen/qwen3-8b","output":[{"type":"message","content":"Hi!"}],"stats":{"input_tokens":9,"total_output_tokens":2,"reasoning_output_tokens":0,"tokens_per_second":50.1,"time_to_first_token_seconds":0.1}}}

                """));

        // when
        ChatResponse reply;
        try (ChatStream stream = (ChatStream) codec.decodeReply(exchange)) {
            reply = stream.relay(chunk -> { });
        }

        // then
        assertThat(reply.message().content()).isEqualTo("Hi!");
        assertThat(reply.usage()).isEqualTo(new Usage(9, 2));
        assertThat(reply.model()).isEqualTo("qwen/qwen3-8b");
    }
}
