package dev.llmgateway.dialect.lmstudio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Usage;

import dev.llmgateway.stream.DecodingChatStream;
import dev.llmgateway.stream.Framing;
import dev.llmgateway.stream.Streams;
import dev.llmgateway.stream.TrickleReadStream;

import java.util.List;
import org.junit.jupiter.api.Test;

class LmStudioFrameDecoderTest {

    @Test
    void should_read_reasoning_and_message_deltas_and_take_usage_from_chat_end() {
        // given: a reasoning model that was not loaded yet
        String body = """
                event: chat.start
                data: {"type":"chat.start","model_instance_id":"qwen/qwen3-8b"}

                event: model_load.start
                data: {"type":"model_load.start","model_instance_id":"qwen/qwen3-8b"}

                event: model_load.progress
                data: {"type":"model_load.progress","model_instance_id":"qwen/qwen3-8b","progress":0.65}

                event: model_load.end
                data: {"type":"model_load.end","model_instance_id":"qwen/qwen3-8b","load_time_seconds":12.34}

                event: prompt_processing.start
                data: {"type":"prompt_processing.start"}

                event: prompt_processing.progress
                data: {"type":"prompt_processing.progress","progress":0.5}

                event: prompt_processing.end
                data: {"type":"prompt_processing.end"}

                event: reasoning.start
                data: {"type":"reasoning.start"}

                event: reasoning.delta
                data: {"type":"reasoning.delta","content":"The user "}

                event: reasoning.delta
                data: {"type":"reasoning.delta","content":"greets me."}

                event: reasoning.end
                data: {"type":"reasoning.end"}

                event: message.start
                data: {"type":"message.start"}

                event: message.delta
                data: {"type":"message.delta","content":"Hel"}

                event: message.delta
                data: {"type":"message.delta","content":"lo! ☀"}

                event: message.end
                data: {"type":"message.end"}

                event: chat.end
                data: {"type":"chat.end","result":{"model_instance_id":"qwen/qwen3-8b","output":[{"type":"reasoning","content":"The user greets me."},{"type":"message","content":"Hello! ☀"}],"stats":{"input_tokens":12,"total_output_tokens":9,"reasoning_output_tokens":5,"tokens_per_second":43.73,"time_to_first_token_seconds":0.781,"model_load_time_seconds":12.34}}}

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then: only deltas and the end carry something; the end does not repeat the text
        assertThat(chunks).extracting(ChatChunk::thinking).containsExactly("The user ", "greets me.", null, null, null);
        assertThat(chunks).extracting(ChatChunk::content).containsExactly(null, null, "Hel", "lo! ☀", null);
        ChatChunk last = chunks.get(chunks.size() - 1);
        assertThat(last).isEqualTo(new ChatChunk(null, null, List.of(), FinishReason.STOP, new Usage(12, 9),
                "qwen/qwen3-8b"));
        ChatResponse reply = aggregate(chunks);
        assertThat(reply.message().content()).isEqualTo("Hello! ☀");
        assertThat(reply.message().thinking()).isEqualTo("The user greets me.");
        assertThat(reply.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(reply.usage()).isEqualTo(new Usage(12, 9));
    }

    @Test
    void should_stop_reading_at_chat_end() {
        // given
        String body = """
                event: message.delta
                data: {"type":"message.delta","content":"Hi"}

                event: chat.end
                data: {"type":"chat.end","result":{"model_instance_id":"qwen/qwen3-8b","output":[{"type":"message","content":"Hi"}],"stats":{"input_tokens":9,"total_output_tokens":1}}}

                event: message.delta
                data: {"type":"message.delta","content":"ignored"}

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        assertThat(aggregate(chunks).message().content()).isEqualTo("Hi");
    }

    @Test
    void should_use_the_type_field_when_the_event_line_is_missing() {
        // given
        String body = """
                data: {"type":"message.delta","content":"Hi"}

                data: {"type":"chat.end","result":{"model_instance_id":"qwen/qwen3-8b","output":[{"type":"message","content":"Hi"}],"stats":{"input_tokens":9,"total_output_tokens":1}}}

                """;

        // when
        ChatResponse reply = aggregate(decode(body));

        // then
        assertThat(reply.message().content()).isEqualTo("Hi");
        assertThat(reply.usage()).isEqualTo(new Usage(9, 1));
    }

    @Test
    void should_fail_when_the_stream_ends_before_chat_end() {
        // given: message.end is not the end of the reply
        String body = """
                event: chat.start
                data: {"type":"chat.start","model_instance_id":"qwen/qwen3-8b"}

                event: message.delta
                data: {"type":"message.delta","content":"Hel"}

                event: message.end
                data: {"type":"message.end"}

                """;
        DecodingChatStream stream = stream(body);

        // when
        ChatChunk first = stream.next();

        // then
        assertThat(first.content()).isEqualTo("Hel");
        assertThatThrownBy(stream::hasNext)
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'lmStudio' answered 502: the stream ended before the reply was complete");
    }

    @Test
    void should_fail_with_the_message_of_an_error_event_and_not_wait_for_chat_end() {
        // given: LM Studio still sends chat.end with the partial reply after an error
        String body = """
                event: message.delta
                data: {"type":"message.delta","content":"Hel"}

                event: error
                data: {"type":"error","error":{"type":"internal_error","message":"The model has crashed without additional information. (Exit code: null)"}}

                event: chat.end
                data: {"type":"chat.end","result":{"model_instance_id":"qwen/qwen3-8b","output":[{"type":"message","content":"Hel"}],"stats":{"input_tokens":9,"total_output_tokens":1}}}

                """;
        DecodingChatStream stream = stream(body);

        // when
        ChatChunk first = stream.next();

        // then
        assertThat(first.content()).isEqualTo("Hel");
        assertThatThrownBy(stream::next)
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'lmStudio' answered 502: The model has crashed without additional information. (Exit code: null)");
    }

    @Test
    void should_report_an_invalid_request_error_event_as_400() {
        // given: streaming-events.md
        String body = """
                event: error
                data: {"type":"error","error":{"type":"invalid_request","message":"\\"model\\" is required","code":"missing_required_parameter","param":"model"}}

                """;

        // when / then
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'lmStudio' answered 400: \"model\" is required")
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(400));
    }

    @Test
    void should_report_a_model_not_found_error_event_as_404() {
        // given
        String body = """
                event: error
                data: {"type":"error","error":{"type":"model_not_found","message":"Model 'qwen/qwen9' not found","param":"model"}}

                """;

        // when / then
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(404));
    }

    @Test
    void should_skip_server_side_tool_call_events() {
        // given: an MCP integration configured in LM Studio itself
        String body = """
                event: tool_call.start
                data: {"type":"tool_call.start","tool":"model_search","provider_info":{"type":"ephemeral_mcp","server_label":"huggingface"}}

                event: tool_call.arguments
                data: {"type":"tool_call.arguments","tool":"model_search","arguments":{"sort":"trendingScore","limit":1},"provider_info":{"type":"ephemeral_mcp","server_label":"huggingface"}}

                event: tool_call.success
                data: {"type":"tool_call.success","tool":"model_search","arguments":{"sort":"trendingScore","limit":1},"output":"[{\\"type\\":\\"text\\",\\"text\\":\\"Showing first 1 models...\\"}]","provider_info":{"type":"ephemeral_mcp","server_label":"huggingface"}}

                event: message.delta
                data: {"type":"message.delta","content":"The current"}

                event: chat.end
                data: {"type":"chat.end","result":{"model_instance_id":"openai/gpt-oss-20b","output":[{"type":"message","content":"The current"}],"stats":{"input_tokens":329,"total_output_tokens":268,"reasoning_output_tokens":5,"tokens_per_second":43.73,"time_to_first_token_seconds":0.781},"response_id":"resp_02b2017dbc06c12bfc353a2ed6c2b802f8cc682884bb5716"}}

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        assertThat(chunks).extracting(ChatChunk::content).containsExactly("The current", null);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.toolCalls()).isEmpty());
    }

    @Test
    void should_fail_on_an_event_that_is_not_json() {
        // when / then
        assertThatThrownBy(() -> decode("event: message.delta\ndata: {\"type\":\"message.delta\",\n\n"))
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'lmStudio' answered 502: malformed stream event: {\"type\":\"message.delta\",");
    }

    private static DecodingChatStream stream(String body) {
        return TrickleReadStream.decode(body, Framing.SSE,
                new LmStudioFrameDecoder("lmStudio"), "lmStudio");
    }

    private static List<ChatChunk> decode(String body) {
        return Streams.drain(stream(body));
    }

    private static ChatResponse aggregate(List<ChatChunk> chunks) {
        return Streams.aggregate(chunks);
    }
}
