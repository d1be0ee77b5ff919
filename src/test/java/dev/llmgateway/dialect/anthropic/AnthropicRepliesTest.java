package dev.llmgateway.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.Usage;
import dev.llmgateway.stream.Streams;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicRepliesTest {

    @Test
    void should_give_the_prompt_cache_counts_apart_from_input_tokens() throws Exception {
        // given: 1825 prompt tokens of which 1800 were read from the cache
        ChatResponse reply = new ChatResponse("claude-sonnet-4-5", ChatMessage.of(Role.ASSISTANT, "Hi!"),
                FinishReason.STOP, new Usage(1825, 3, 0, 1800));

        // when / then
        assertThat(AnthropicReplies.message("msg_01", "anthropic/claude-sonnet-4-5", reply).get("usage")).isEqualTo(Json.parse("""
                {"input_tokens":25,"output_tokens":3,"cache_creation_input_tokens":0,"cache_read_input_tokens":1800}"""));
    }

    @Test
    void should_give_an_anthropic_backends_whole_reply_content_as_it_came() throws Exception {
        // given
        String upstream = """
                {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
                 "content":[{"type":"thinking","thinking":"Let me check","signature":"EqQBCgIYAhIM"},
                   {"type":"redacted_thinking","data":"EmwKAhgBEgy"},
                   {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":25,"output_tokens":40,"cache_creation_input_tokens":1800,"cache_read_input_tokens":0}}""";
        ChatResponse reply = Streams.aggregate(List.of(new AnthropicBackendCodec().decodeWhole(Json.parse(upstream))));

        // when
        ObjectNode message = AnthropicReplies.message("msg_02", "anthropic/claude-sonnet-4-5", reply);

        // then
        assertThat(message.get("content")).isEqualTo(Json.parse(upstream).get("content"));
        assertThat(message.get("usage")).isEqualTo(Json.parse(upstream).get("usage"));
        assertThat(message.get("stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void should_show_other_backends_reasoning_as_unsigned_thinking() throws Exception {
        // given
        ChatResponse reply = new ChatResponse("llama3.2", new ChatMessage(Role.ASSISTANT, "Sunny.", null, "Paris, so", null, null, null),
                FinishReason.STOP, new Usage(20, 9));

        // when / then
        assertThat(AnthropicReplies.message("msg_01", "ollama/llama3.2", reply).get("content")).isEqualTo(Json.parse("""
                [{"type":"thinking","thinking":"Paris, so","signature":""},{"type":"text","text":"Sunny."}]"""));
    }

    @Test
    void should_leave_the_cache_counts_out_when_the_backend_gave_none() throws Exception {
        // when / then
        assertThat(AnthropicReplies.usage(new Usage(20, 9))).isEqualTo(Json.parse("""
                {"input_tokens":20,"output_tokens":9}"""));
    }
}
