package dev.llmgateway.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One decoded piece of an upstream reply: a stream chunk, or the whole reply of a non-streaming
 * call. Every field may be null/empty; a chunk with a {@code finishReason} ends the reply.
 *
 * @param signature        Anthropic's signature of the thinking streamed so far, which ends that
 *                         thinking block ({@code signature_delta}), or null
 * @param redactedThinking the data of an Anthropic {@code redacted_thinking} block (encrypted
 *                         reasoning, no text to show), or null
 * @param anthropicContent a whole reply's content blocks as an Anthropic backend sent them, or null
 *                         (see {@link ChatMessage#anthropicContent()})
 */
public record ChatChunk(String content, String thinking, List<ToolCallDelta> toolCalls,
                        FinishReason finishReason, Usage usage, String model, String signature,
                        String redactedThinking, JsonNode anthropicContent) {

    public ChatChunk {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** A chunk of any dialect: only Anthropic backends sign or redact their thinking. */
    public ChatChunk(String content, String thinking, List<ToolCallDelta> toolCalls,
                     FinishReason finishReason, Usage usage, String model) {
        this(content, thinking, toolCalls, finishReason, usage, model, null, null, null);
    }

    /** A text and/or thinking delta, or null when both are empty: nothing worth forwarding. */
    public static ChatChunk textOrNull(String content, String thinking, String model) {
        ChatChunk chunk = new ChatChunk(content, thinking, null, null, null, model);
        return chunk.hasText() ? chunk : null;
    }

    public ChatChunk withUsage(Usage newUsage) {
        return new ChatChunk(content, thinking, toolCalls, finishReason, newUsage, model, signature,
                redactedThinking, anthropicContent);
    }

    public boolean hasText() {
        return (content != null && !content.isEmpty()) || (thinking != null && !thinking.isEmpty());
    }
}
