package dev.llmgateway.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.Usage;

import dev.llmgateway.stream.DecodingChatStream;
import dev.llmgateway.stream.Framing;
import dev.llmgateway.stream.Streams;
import dev.llmgateway.stream.TrickleReadStream;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicFrameDecoderTest {

    @Test
    void should_read_thinking_and_text_deltas_and_put_the_whole_usage_on_the_finish_chunk() {
        // given: extended thinking, as the streaming docs show it (spaces after the colons included)
        String body = """
                event: message_start
                data: {"type": "message_start", "message": {"id": "msg_01", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5-20250929", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 45, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0, "output_tokens": 4}}}

                event: content_block_start
                data: {"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": ""}}

                event: content_block_delta
                data: {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "I need to find the GCD of 1071 and 462."}}

                event: content_block_delta
                data: {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"}}

                event: content_block_stop
                data: {"type": "content_block_stop", "index": 0}

                event: content_block_start
                data: {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}}

                event: ping
                data: {"type": "ping"}

                event: content_block_delta
                data: {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "The GCD is "}}

                event: content_block_delta
                data: {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "21. ✓"}}

                event: content_block_stop
                data: {"type": "content_block_stop", "index": 1}

                event: message_delta
                data: {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null}, "usage": {"output_tokens": 212}}

                event: message_stop
                data: {"type": "message_stop"}

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then: the signature is not text; output_tokens is cumulative, input comes from message_start
        assertThat(chunks).extracting(ChatChunk::thinking)
                .containsExactly("I need to find the GCD of 1071 and 462.", null, null, null, null);
        assertThat(chunks).extracting(ChatChunk::signature)
                .containsExactly(null, "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds", null, null, null);
        assertThat(chunks).extracting(ChatChunk::content).containsExactly(null, null, "The GCD is ", "21. ✓", null);
        assertThat(chunks.get(chunks.size() - 1)).isEqualTo(new ChatChunk(null, null, List.of(), FinishReason.STOP,
                new Usage(45, 212, 0, 0), "claude-sonnet-4-5-20250929"));
        ChatResponse reply = aggregate(chunks);
        assertThat(reply.message().content()).isEqualTo("The GCD is 21. ✓");
        assertThat(reply.message().thinking()).isEqualTo("I need to find the GCD of 1071 and 462.");
        assertThat(reply.model()).isEqualTo("claude-sonnet-4-5-20250929");
    }

    @Test
    void should_pass_signatures_and_redacted_thinking_on_in_the_order_of_their_blocks() {
        // given: signed thinking, a redacted block, then more signed thinking before a tool call
        String body = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: content_block_start
                data: {"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":1}

                event: content_block_start
                data: {"type":"content_block_start","index":2,"content_block":{"type":"thinking","thinking":"","signature":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":2,"delta":{"type":"thinking_delta","thinking":" check."}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":2,"delta":{"type":"signature_delta","signature":"ErUBCkYIBhgC"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":2}

                event: content_block_start
                data: {"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":3}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":40}}

                event: message_stop
                data: {"type":"message_stop"}

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then: the thinking text goes on as before, for every dialect
        assertThat(chunks).extracting(ChatChunk::thinking).containsExactly("Let me", null, null, " check.", null, null, null);
        assertThat(chunks).extracting(ChatChunk::signature).containsExactly(null, "EqQBCgIYAhIM", null, null, "ErUBCkYIBhgC", null, null);
        assertThat(chunks).extracting(ChatChunk::redactedThinking).containsExactly(null, null, "EmwKAhgBEgy", null, null, null, null);
        assertThat(aggregate(chunks).message().thinking()).isEqualTo("Let me check.");
    }

    @Test
    void should_carry_the_prompt_cache_counts_of_message_start_on_the_first_chunk_and_on_the_finish_chunk() {
        // given: a prompt read from the cache, as Anthropic streams it
        String body = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":1800}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}

                event: message_stop
                data: {"type":"message_stop"}

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then: the prompt count includes the cached tokens, as OpenAI counts them; only the first chunk has the start's usage
        assertThat(chunks).extracting(ChatChunk::usage).containsExactly(
                new Usage(1825, 1, 0, 1800), null, new Usage(1825, 3, 0, 1800));
        assertThat(aggregate(chunks).usage()).isEqualTo(new Usage(1825, 3, 0, 1800));
    }

    @Test
    void should_number_tool_calls_over_tool_blocks_only_and_join_their_json_fragments() {
        // given: a text block at index 0, so the calls are blocks 1 and 2; a ping between fragments
        String body = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay, let's check both."}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: content_block_start
                data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}

                event: ping
                data: {"type": "ping"}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"San Francisco, CA\\"}"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":1}

                event: content_block_start
                data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_02","name":"get_time","input":{}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"tz\\": \\"PST\\"}"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":2}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

                event: message_stop
                data: {"type":"message_stop"}

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then: the first delta of each call carries id and name, the fragments only the index
        List<ToolCallDelta> deltas = chunks.stream().flatMap(c -> c.toolCalls().stream()).toList();
        assertThat(deltas).containsExactly(
                new ToolCallDelta(0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather", ""),
                new ToolCallDelta(0, null, null, "{\"location\":"),
                new ToolCallDelta(0, null, null, " \"San Francisco, CA\"}"),
                new ToolCallDelta(1, "toolu_02", "get_time", ""),
                new ToolCallDelta(1, null, null, "{\"tz\": \"PST\"}"));
        ChatResponse reply = aggregate(chunks);
        assertThat(reply.message().content()).isEqualTo("Okay, let's check both.");
        assertThat(reply.message().toolCalls()).containsExactly(
                new ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather", "{\"location\": \"San Francisco, CA\"}"),
                new ToolCall("toolu_02", "get_time", "{\"tz\": \"PST\"}"));
        assertThat(reply.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(reply.usage()).isEqualTo(new Usage(472, 89));
    }

    @Test
    void should_use_the_type_field_when_the_event_line_is_missing() {
        // given: a shim that writes data-only events
        String body = """
                data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"qwen3","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":0}}}

                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

                data: {"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":1}}

                data: {"type":"message_stop"}

                """;

        // when
        ChatResponse reply = aggregate(decode(body));

        // then
        assertThat(reply.message().content()).isEqualTo("Hi");
        assertThat(reply.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(reply.usage()).isEqualTo(new Usage(9, 1));
    }

    @Test
    void should_stop_reading_at_message_stop() {
        // given
        String body = """
                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":1}}

                event: message_stop
                data: {"type":"message_stop"}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ignored"}}

                """;

        // when / then
        assertThat(aggregate(decode(body)).message().content()).isEqualTo("Hi");
    }

    @Test
    void should_fail_when_the_stream_ends_before_the_stop_reason() {
        // given
        String body = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":1}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                """;
        DecodingChatStream stream = stream(body);

        // when
        ChatChunk first = stream.next();

        // then
        assertThat(first.content()).isEqualTo("Hel");
        assertThatThrownBy(stream::hasNext)
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'anthropic' answered 502: the stream ended before the reply was complete");
    }

    @Test
    void should_fail_an_overloaded_error_event_as_503_after_the_first_delta() {
        // given
        String body = """
                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}

                event: error
                data: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}

                """;
        DecodingChatStream stream = stream(body);

        // when
        ChatChunk first = stream.next();

        // then
        assertThat(first.content()).isEqualTo("Hel");
        assertThatThrownBy(stream::next)
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'anthropic' answered 503: Overloaded")
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(503));
    }

    @Test
    void should_map_error_event_types_to_statuses() {
        // when / then
        assertThat(errorStatus("rate_limit_error")).isEqualTo(429);
        assertThat(errorStatus("invalid_request_error")).isEqualTo(400);
        assertThat(errorStatus("not_found_error")).isEqualTo(404);
        assertThat(errorStatus("authentication_error")).isEqualTo(401);
        assertThat(errorStatus("api_error")).isEqualTo(502);
    }

    @Test
    void should_fail_on_an_event_that_is_not_json() {
        // when / then
        assertThatThrownBy(() -> decode("event: content_block_delta\ndata: {\"type\":\n\n"))
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'anthropic' answered 502: malformed stream event: {\"type\":");
    }

    private static int errorStatus(String type) {
        String data = "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"m\"}}";
        try {
            new AnthropicFrameDecoder("anthropic").decode(data, "error");
        } catch (GatewayException e) {
            return e.status();
        }
        throw new AssertionError("no exception for " + type);
    }

    private static DecodingChatStream stream(String body) {
        return TrickleReadStream.decode(body, Framing.SSE,
                new AnthropicFrameDecoder("anthropic"), "anthropic");
    }

    private static List<ChatChunk> decode(String body) {
        return Streams.drain(stream(body));
    }

    private static ChatResponse aggregate(List<ChatChunk> chunks) {
        return Streams.aggregate(chunks);
    }
}
