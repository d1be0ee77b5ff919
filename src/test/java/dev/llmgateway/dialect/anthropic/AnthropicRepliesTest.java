package dev.llmgateway.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.Usage;
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
    void should_leave_the_cache_counts_out_when_the_backend_gave_none() throws Exception {
        // when / then
        assertThat(AnthropicReplies.usage(new Usage(20, 9))).isEqualTo(Json.parse("""
                {"input_tokens":20,"output_tokens":9}"""));
    }
}
