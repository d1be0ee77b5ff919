package dev.llmgateway.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One message of a conversation, in the gateway's own shape.
 *
 * @param content          text content ("" when there is none)
 * @param images           image references as URLs: {@code data:image/png;base64,...} or http(s)
 * @param thinking         reasoning text an assistant produced before its answer, or null
 * @param toolCalls        tool calls of an assistant message (empty otherwise)
 * @param toolCallId       on a tool message: the call this result answers
 * @param toolName         on a tool message: the function that produced it, when known
 * @param anthropicContent the message's content blocks exactly as Anthropic wrote them (an Anthropic
 *                         client's message, an Anthropic backend's whole reply), or null. Anthropic
 *                         backends and clients get these, with what the fields above lose:
 *                         {@code cache_control}, thinking {@code signature}s, {@code redacted_thinking},
 *                         block order. Other dialects read only the fields above.
 */
public record ChatMessage(Role role, String content, List<String> images, String thinking,
                          List<ToolCall> toolCalls, String toolCallId, String toolName, JsonNode anthropicContent) {

    public ChatMessage {
        content = content == null ? "" : content;
        images = images == null ? List.of() : List.copyOf(images);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** A message of any dialect but Anthropic's. */
    public ChatMessage(Role role, String content, List<String> images, String thinking,
                       List<ToolCall> toolCalls, String toolCallId, String toolName) {
        this(role, content, images, thinking, toolCalls, toolCallId, toolName, null);
    }

    public static ChatMessage of(Role role, String content) {
        return new ChatMessage(role, content, null, null, null, null, null);
    }
}
