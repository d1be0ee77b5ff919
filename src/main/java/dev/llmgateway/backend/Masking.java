package dev.llmgateway.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.llmgateway.model.BackendRequest;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.EmbeddingInput;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.TextCompletion;
import dev.llmgateway.model.ToolCall;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A request with its sensitive data replaced by stand-ins, for a third-party backend
 * ({@code agents.privacy.onDetect=mask}): every text the detectors read (messages, tool calls and
 * their results, Anthropic's content blocks, a completion's prompt, the texts to embed).
 * <pre>
 * "Write to jane.doe@example.com about IBAN DE89 3704 0044 0532 0130 00"
 *   → "Write to [EMAIL_1] about IBAN [IBAN_1]"
 * </pre>
 */
final class Masking {

    private Masking() {
    }

    static BackendRequest mask(BackendRequest request, SensitiveData detectors, Placeholders placeholders) {
        UnaryOperator<String> mask = text -> detectors.mask(text, placeholders);
        if (request instanceof ChatRequest chat) {
            ChatRequest masked = chat.withMessages(chat.messages().stream().map(message -> new ChatMessage(message.role(),
                    mask.apply(message.content()), message.images(), message.thinking(),
                    message.toolCalls().stream().map(call -> new ToolCall(call.id(), call.name(), mask.apply(call.arguments()))).toList(),
                    message.toolCallId(), message.toolName(), json(message.anthropicContent(), mask))).toList());
            TextCompletion completion = chat.completion();
            return completion == null ? masked : new ChatRequest(masked.model(), masked.messages(), masked.tools(), masked.toolChoice(),
                    masked.options(), masked.stream(), new TextCompletion(mask.apply(completion.prompt()),
                    mask.apply(completion.suffix()), mask.apply(completion.system()), completion.ollamaFields()));
        }
        if (request instanceof EmbeddingRequest embeddings) {
            return embeddings.withInputs(embeddings.inputs().stream()
                    .map(input -> input.text() == null ? input : new EmbeddingInput(mask.apply(input.text()), input.tokens())).toList());
        }
        return request;
    }

    /**
     * A copy of JSON with every string changed (keys stay), but for base64 {@code data} of images and
     * documents, whose letters and digits are no text; null stays null.
     */
    static JsonNode json(JsonNode node, UnaryOperator<String> change) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(change.apply(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), field.getKey().equals("data") ? field.getValue() : json(field.getValue(), change));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(item -> copy.add(json(item, change)));
            return copy;
        }
        return node;
    }
}
