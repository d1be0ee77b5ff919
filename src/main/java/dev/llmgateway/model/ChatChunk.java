package dev.llmgateway.model;

import java.util.List;

/**
 * One decoded piece of an upstream reply: a stream chunk, or the whole reply of a non-streaming
 * call. Every field may be null/empty; a chunk with a {@code finishReason} ends the reply.
 */
public record ChatChunk(String content, String thinking, List<ToolCallDelta> toolCalls,
                        FinishReason finishReason, Usage usage, String model) {

    public ChatChunk {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** A text and/or thinking delta, or null when both are empty: nothing worth forwarding. */
    public static ChatChunk textOrNull(String content, String thinking, String model) {
        ChatChunk chunk = new ChatChunk(content, thinking, null, null, null, model);
        return chunk.hasText() ? chunk : null;
    }

    public ChatChunk withUsage(Usage newUsage) {
        return new ChatChunk(content, thinking, toolCalls, finishReason, newUsage, model);
    }

    public boolean hasText() {
        return (content != null && !content.isEmpty()) || (thinking != null && !thinking.isEmpty());
    }
}
