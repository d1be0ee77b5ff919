package dev.llmgateway.dialect.ollama;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OllamaFrameDecoderTest {

    @Test
    void should_stream_content_deltas_and_end_with_usage_on_the_done_line() {
        // given
        String body = """
                {"model":"llama3.2","created_at":"2025-07-07T20:32:53.61Z","message":{"role":"assistant","content":"Hel"},"done":false}
                {"model":"llama3.2","created_at":"2025-07-07T20:32:53.63Z","message":{"role":"assistant","content":"lo!"},"done":false}
                {"model":"llama3.2","created_at":"2025-07-07T20:32:53.65Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":3244883583,"load_duration":2969184542,"prompt_eval_count":26,"prompt_eval_duration":141656333,"eval_count":2,"eval_duration":133293625}
                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        assertThat(chunks).extracting(ChatChunk::content).containsExactly("Hel", "lo!", "");
        assertThat(chunks).extracting(ChatChunk::finishReason).containsExactly(null, null, FinishReason.STOP);
        assertThat(chunks).extracting(ChatChunk::usage).containsExactly(null, null, new Usage(26, 2));
        assertThat(chunks.get(0).model()).isEqualTo("llama3.2");
        ChatResponse reply = aggregate(chunks);
        assertThat(reply.message().content()).isEqualTo("Hello!");
        assertThat(reply.message().thinking()).isNull();
        assertThat(reply.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(reply.usage().totalTokens()).isEqualTo(28);
    }

    @Test
    void should_stream_thinking_deltas_before_content() {
        // given
        String body = """
                {"model":"qwen3","created_at":"2025-07-07T20:32:53.1Z","message":{"role":"assistant","content":"","thinking":"The user "},"done":false}
                {"model":"qwen3","created_at":"2025-07-07T20:32:53.2Z","message":{"role":"assistant","content":"","thinking":"greets me."},"done":false}
                {"model":"qwen3","created_at":"2025-07-07T20:32:53.3Z","message":{"role":"assistant","content":"Hi!"},"done":false}
                {"model":"qwen3","created_at":"2025-07-07T20:32:53.4Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":11,"eval_count":9}
                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        assertThat(chunks).extracting(ChatChunk::thinking).containsExactly("The user ", "greets me.", null, null);
        ChatResponse reply = aggregate(chunks);
        assertThat(reply.message().thinking()).isEqualTo("The user greets me.");
        assertThat(reply.message().content()).isEqualTo("Hi!");
    }

    @Test
    void should_index_parallel_whole_tool_calls_and_invent_their_ids() {
        // given: Ollama sends the calls whole, with object arguments and no id
        String body = """
                {"model":"llama3.2","created_at":"2025-07-07T20:32:53.8Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}},{"function":{"name":"get_time","arguments":{"tz":"Asia/Tokyo","utc":false}}}]},"done":false}
                {"model":"llama3.2","created_at":"2025-07-07T20:32:53.9Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":169,"eval_count":18}
                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        List<ToolCallDelta> calls = chunks.get(0).toolCalls();
        assertThat(calls).extracting(ToolCallDelta::index).containsExactly(0, 1);
        assertThat(calls).extracting(ToolCallDelta::name).containsExactly("get_weather", "get_time");
        assertThat(calls).extracting(ToolCallDelta::arguments)
                .containsExactly("{\"city\":\"Tokyo\"}", "{\"tz\":\"Asia/Tokyo\",\"utc\":false}");
        assertThat(calls).extracting(ToolCallDelta::id).allSatisfy(id -> assertThat(id).matches("call_[A-Za-z0-9]{24}"));
        assertThat(calls.get(0).id()).isNotEqualTo(calls.get(1).id());
        assertThat(chunks.get(1).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        ChatResponse reply = aggregate(chunks);
        assertThat(reply.message().toolCalls()).extracting(ToolCall::arguments)
                .containsExactly("{\"city\":\"Tokyo\"}", "{\"tz\":\"Asia/Tokyo\",\"utc\":false}");
        assertThat(reply.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(reply.usage()).isEqualTo(new Usage(169, 18));
    }

    @Test
    void should_keep_ollama_tool_call_ids_and_count_indexes_across_lines() {
        // given: newer Ollama sends an id and function.index; calls may come in separate lines
        String body = """
                {"model":"qwen3","created_at":"2025-07-07T20:32:53.8Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_k3x9","function":{"index":0,"name":"get_weather","arguments":{"city":"Paris"}}}]},"done":false}
                {"model":"qwen3","created_at":"2025-07-07T20:32:53.8Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_p2q7","function":{"index":1,"name":"get_weather","arguments":{}}}]},"done":false}
                {"model":"qwen3","created_at":"2025-07-07T20:32:53.9Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":40,"eval_count":30}
                """;

        // when
        ChatResponse reply = aggregate(decode(body));

        // then
        assertThat(reply.message().toolCalls()).containsExactly(
                new ToolCall("call_k3x9", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_p2q7", "get_weather", "{}"));
    }

    @Test
    void should_report_length_when_the_token_limit_ended_the_reply() {
        // given
        String body = """
                {"model":"llama3.2","created_at":"2025-07-07T20:32:53.61Z","message":{"role":"assistant","content":"Once upon"},"done":false}
                {"model":"llama3.2","created_at":"2025-07-07T20:32:53.65Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"length","prompt_eval_count":12,"eval_count":2}
                """;

        // when
        ChatResponse reply = aggregate(decode(body));

        // then
        assertThat(reply.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(reply.usage()).isEqualTo(new Usage(12, 2));
    }

    @Test
    void should_count_a_missing_prompt_eval_count_as_zero() {
        // given: Go's omitempty drops prompt_eval_count when the prompt was cached
        String body = """
                {"model":"llama3.2","created_at":"2025-07-07T20:32:53.65Z","message":{"role":"assistant","content":"Hi"},"done":true,"done_reason":"stop","eval_count":2}
                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        assertThat(chunks).singleElement().satisfies(chunk -> {
            assertThat(chunk.content()).isEqualTo("Hi");
            assertThat(chunk.usage()).isEqualTo(new Usage(0, 2));
        });
    }

    @Test
    void should_fail_with_the_message_of_an_error_line() {
        // given
        String body = """
                {"model":"llama3.2","created_at":"2025-07-07T20:32:53.61Z","message":{"role":"assistant","content":"Hel"},"done":false}
                {"error":"an error was encountered while running the model: unexpected EOF"}
                """;
        DecodingChatStream stream = stream(body);

        // when
        ChatChunk first = stream.next();

        // then
        assertThat(first.content()).isEqualTo("Hel");
        assertThatThrownBy(stream::next)
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'ollama' answered 502: an error was encountered while running the model: unexpected EOF");
    }

    @Test
    void should_fail_on_a_line_that_is_not_json() {
        // given
        DecodingChatStream stream = stream("{\"model\":\"llama3.2\",\"message\":{\"content\":\"Hel\"\n");

        // when / then
        assertThatThrownBy(stream::next)
                .isInstanceOf(GatewayException.class)
                .hasMessageStartingWith("backend 'ollama' answered 502: malformed stream line:");
    }

    @Test
    void should_fail_when_the_stream_ends_before_done() {
        // given
        String body = """
                {"model":"llama3.2","created_at":"2025-07-07T20:32:53.61Z","message":{"role":"assistant","content":"Hel"},"done":false}
                {"model":"llama3.2","created_at":"2025-07-07T20:32:53.63Z","message":{"role":"assistant","content":"lo"},"done":false}
                """;
        DecodingChatStream stream = stream(body);
        List<String> contents = new ArrayList<>();

        // when / then
        assertThatThrownBy(() -> stream.forEachRemaining(chunk -> contents.add(chunk.content())))
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'ollama' answered 502: the stream ended before the reply was complete");
        assertThat(contents).containsExactly("Hel", "lo");
    }

    private static DecodingChatStream stream(String body) {
        return TrickleReadStream.decode(body, Framing.NDJSON,
                new OllamaFrameDecoder("ollama"), "ollama");
    }

    private static List<ChatChunk> decode(String body) {
        return Streams.drain(stream(body));
    }

    private static ChatResponse aggregate(List<ChatChunk> chunks) {
        return Streams.aggregate(chunks);
    }
}
