package dev.llmgateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds the chunks of one reply into the final message: text and thinking are concatenated,
 * tool-call argument fragments are joined per index, the last finish reason and usage win, an
 * Anthropic backend's whole content blocks are kept as they came. It holds
 * at most {@value #MAX_CHARS} characters of one reply (a few hundred times the longest a model
 * writes): a backend that streams without end gets a 502, not the gateway's whole memory.
 */
public final class ChatAggregator {

    public static final int MAX_CHARS = 16 * 1024 * 1024;
    private long chars;

    private final StringBuilder content = new StringBuilder();
    private final StringBuilder thinking = new StringBuilder();
    private final Map<Integer, PartialCall> calls = new TreeMap<>();
    private FinishReason finishReason;
    private Usage usage;
    private String model;
    private JsonNode anthropicContent;

    public ChatAggregator append(ChatChunk chunk) {
        chars += length(chunk.content()) + length(chunk.thinking());
        for (ToolCallDelta delta : chunk.toolCalls()) {
            chars += length(delta.arguments());
        }
        if (chars > MAX_CHARS) {
            throw new GatewayException(502, "upstream_error", "reply_too_large", "the backend's reply is longer than the "
                    + MAX_CHARS + " characters the gateway holds of one reply");
        }
        if (chunk.content() != null) {
            content.append(chunk.content());
        }
        if (chunk.thinking() != null) {
            thinking.append(chunk.thinking());
        }
        for (ToolCallDelta delta : chunk.toolCalls()) {
            calls.computeIfAbsent(delta.index(), i -> new PartialCall()).append(delta);
        }
        if (chunk.finishReason() != null) {
            finishReason = chunk.finishReason();
        }
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        if (chunk.anthropicContent() != null) {
            anthropicContent = chunk.anthropicContent();
        }
        if (model == null && chunk.model() != null) {
            model = chunk.model();
        }
        return this;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    public ChatResponse build() {
        List<ToolCall> toolCalls = new ArrayList<>();
        calls.values().forEach(c -> toolCalls.add(new ToolCall(c.id, c.name, c.arguments.toString())));
        String reasoning = thinking.length() == 0 ? null : thinking.toString();
        ChatMessage message = new ChatMessage(Role.ASSISTANT, content.toString(), null, reasoning,
                toolCalls, null, null, anthropicContent);
        return new ChatResponse(model, message, finishReason == null ? FinishReason.STOP : finishReason, usage);
    }

    private static final class PartialCall {
        private String id;
        private String name;
        private final StringBuilder arguments = new StringBuilder();

        void append(ToolCallDelta delta) {
            if (id == null) {
                id = delta.id();
            }
            if (name == null || name.isEmpty()) {
                name = delta.name();
            }
            if (delta.arguments() != null) {
                arguments.append(delta.arguments());
            }
        }
    }
}
