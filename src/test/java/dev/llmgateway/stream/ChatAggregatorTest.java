package dev.llmgateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatAggregatorTest {

    @Test
    void should_concatenate_text_and_thinking_and_keep_the_first_model() {
        // given
        ChatAggregator aggregator = new ChatAggregator()
                .append(new ChatChunk(null, "Let me ", null, null, null, "qwen3"))
                .append(new ChatChunk("", "think.", null, null, null, "qwen3-other"))
                .append(new ChatChunk("Hel", null, null, null, null, null))
                .append(new ChatChunk("lo", null, null, FinishReason.STOP, null, null))
                .append(new ChatChunk(null, null, null, null, new Usage(9, 2), null));

        // when
        ChatResponse reply = aggregator.build();

        // then
        assertThat(reply.model()).isEqualTo("qwen3");
        assertThat(reply.message().role()).isEqualTo(Role.ASSISTANT);
        assertThat(reply.message().content()).isEqualTo("Hello");
        assertThat(reply.message().thinking()).isEqualTo("Let me think.");
        assertThat(reply.message().toolCalls()).isEmpty();
        assertThat(reply.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(reply.usage()).isEqualTo(new Usage(9, 2));
    }

    @Test
    void should_join_tool_call_fragments_per_index_in_index_order() {
        // given: OpenAI-style fragments, two parallel calls interleaved
        ChatAggregator aggregator = new ChatAggregator()
                .append(chunk(new ToolCallDelta(1, "call_b", "get_time", "")))
                .append(chunk(new ToolCallDelta(0, "call_a", "get_weather", "")))
                .append(chunk(new ToolCallDelta(0, null, null, "{\"city\":")))
                .append(chunk(new ToolCallDelta(1, null, "", "{\"tz\":\"CET\"}")))
                .append(chunk(new ToolCallDelta(0, null, null, "\"Paris\"}")))
                .append(new ChatChunk(null, null, null, FinishReason.TOOL_CALLS, null, null));

        // when
        ChatResponse reply = aggregator.build();

        // then
        assertThat(reply.message().toolCalls()).containsExactly(
                new ToolCall("call_a", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_b", "get_time", "{\"tz\":\"CET\"}"));
        assertThat(reply.message().content()).isEmpty();
        assertThat(reply.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void should_take_the_name_from_a_later_fragment_when_the_first_had_an_empty_one() {
        // given
        ChatAggregator aggregator = new ChatAggregator()
                .append(chunk(new ToolCallDelta(0, "call_a", "", null)))
                .append(chunk(new ToolCallDelta(0, null, "get_weather", "{}")));

        // when
        ChatResponse reply = aggregator.build();

        // then
        assertThat(reply.message().toolCalls()).containsExactly(new ToolCall("call_a", "get_weather", "{}"));
    }

    @Test
    void should_default_to_stop_without_thinking_when_nothing_was_said() {
        // when
        ChatResponse reply = new ChatAggregator().build();

        // then
        assertThat(reply.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(reply.message().content()).isEmpty();
        assertThat(reply.message().thinking()).isNull();
        assertThat(reply.usage()).isNull();
        assertThat(reply.model()).isNull();
    }

    @Test
    void should_let_the_last_finish_reason_win() {
        // given
        ChatAggregator aggregator = new ChatAggregator()
                .append(new ChatChunk("a", null, null, FinishReason.STOP, null, null))
                .append(new ChatChunk(null, null, null, FinishReason.LENGTH, null, null));

        // when / then
        assertThat(aggregator.build().finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    private static ChatChunk chunk(ToolCallDelta delta) {
        return new ChatChunk(null, null, List.of(delta), null, null, null);
    }
}
