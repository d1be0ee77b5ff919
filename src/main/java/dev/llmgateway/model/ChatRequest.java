package dev.llmgateway.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A chat request in the gateway's internal format: what every ingress dialect decodes into and
 * every backend codec encodes from.
 *
 * @param model      model name as the client sent it (may carry a {@code <backend>/} prefix), or null
 * @param toolChoice OpenAI-shaped tool_choice ("auto", "none", "required" or an object), or null
 * @param stream     whether the client wants the reply streamed
 * @param completion for a text completion ({@code /api/generate}, {@code /v1/completions}) its
 *                   prompt as sent, for backends that complete text natively; null for a chat
 */
public record ChatRequest(String model, List<ChatMessage> messages, List<ToolDefinition> tools,
                          JsonNode toolChoice, GenerationOptions options, boolean stream, TextCompletion completion)
        implements BackendRequest {

    public ChatRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        options = options == null ? GenerationOptions.DEFAULTS : options;
    }

    /** A chat. */
    public ChatRequest(String model, List<ChatMessage> messages, List<ToolDefinition> tools,
                       JsonNode toolChoice, GenerationOptions options, boolean stream) {
        this(model, messages, tools, toolChoice, options, stream, null);
    }

    /**
     * What the requests of one conversation share, so that its follow-ups can go where it went
     * (the replica that holds its prompt cache): the model and the leading messages, the system
     * prompt and the first user message. Null without a user message.
     */
    public String conversationKey() {
        StringBuilder leading = new StringBuilder();
        for (ChatMessage message : messages) {
            if (message.role() == Role.SYSTEM) {
                leading.append(message.content()).append('\u0000');
            } else if (message.role() == Role.USER) {
                return model + "#" + Integer.toHexString(leading.append(message.content()).toString().hashCode());
            }
        }
        return null;
    }

    @Override
    public ChatRequest withModel(String newModel) {
        return new ChatRequest(newModel, messages, tools, toolChoice, options, stream, completion);
    }

    public ChatRequest withMessages(List<ChatMessage> newMessages) {
        return new ChatRequest(model, newMessages, tools, toolChoice, options, stream, completion);
    }
}
