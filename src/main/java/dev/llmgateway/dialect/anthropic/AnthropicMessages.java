package dev.llmgateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The internal conversation as Anthropic {@code messages}: only {@code user} and
 * {@code assistant} turns, each a list of content blocks.
 * <pre>
 * [{"role":"user","content":"Weather in Paris?"},
 *  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}]},
 *  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"21°C"}]}]
 * </pre>
 * OpenAI sends every tool result as its own {@code role:"tool"} message, but Anthropic wants all
 * results of one assistant turn in the very next user message (else a 400: "tool_use ids were found
 * without tool_result blocks immediately after"), so adjacent
 * turns of the same role are merged into one. System messages are not here: they go top-level.
 */
final class AnthropicMessages {

    private AnthropicMessages() {
    }

    /** The non-system messages, merged so that user and assistant turns alternate. */
    static ArrayNode write(List<ChatMessage> messages) {
        List<Turn> turns = new ArrayList<>();
        for (ChatMessage message : messages) {
            if (message.role() == Role.SYSTEM) {
                continue;
            }
            String role = message.role() == Role.ASSISTANT ? "assistant" : "user";
            ArrayNode blocks = blocks(message);
            if (blocks.isEmpty()) {
                continue;                  // Anthropic refuses empty content; thinking alone is dropped
            }
            Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && last.role.equals(role)) {
                last.blocks.addAll(blocks);
            } else {
                turns.add(new Turn(role, blocks));
            }
        }
        ArrayNode wire = Json.MAPPER.createArrayNode();
        for (Turn turn : turns) {
            ObjectNode node = wire.addObject().put("role", turn.role);
            boolean plainText = turn.blocks.size() == 1 && "text".equals(Json.text(turn.blocks.get(0), "type"));
            if (plainText) {
                node.put("content", turn.blocks.get(0).get("text").asText());
            } else {
                node.set("content", turn.blocks);
            }
        }
        return wire;
    }

    /**
     * One message's blocks. Assistant thinking is dropped: Anthropic accepts a thinking block only
     * with the signature it issued, and the internal format does not keep one.
     */
    private static ArrayNode blocks(ChatMessage message) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        if (message.role() == Role.TOOL) {
            ObjectNode result = blocks.addObject().put("type", "tool_result").put("tool_use_id", message.toolCallId());
            if (!message.content().isEmpty()) {
                result.put("content", message.content());
            }
            return blocks;
        }
        if (!message.content().isEmpty()) {            // empty text blocks are refused
            blocks.addObject().put("type", "text").put("text", message.content());
        }
        message.images().forEach(url -> blocks.add(image(url)));
        if (message.role() == Role.ASSISTANT) {
            for (ToolCall call : message.toolCalls()) {
                blocks.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                        .set("input", input(call.arguments()));
            }
        }
        return blocks;
    }

    /**
     * {@code data:image/png;base64,iVBOR…} → {@code {"type":"base64","media_type":"image/png","data":"iVBOR…"}};
     * an http(s) URL → {@code {"type":"url","url":…}}, which Anthropic fetches itself.
     */
    static ObjectNode image(String url) {
        ObjectNode block = Json.object().put("type", "image");
        ObjectNode source = block.putObject("source");
        if (!url.startsWith("data:")) {
            source.put("type", "url").put("url", url);
            return block;
        }
        int marker = url.indexOf(";base64,");
        if (marker < 0) {
            throw GatewayException.badRequest("Anthropic accepts only base64 data URLs for inline images, not "
                    + url.substring(0, Math.min(url.length(), 40)) + "...");
        }
        source.put("type", "base64").put("media_type", url.substring("data:".length(), marker))
                .put("data", url.substring(marker + ";base64,".length()));
        return block;
    }

    /**
     * Anthropic wants {@code input} as an object; OpenAI clients send a JSON string that may be
     * empty or, from weak models, not JSON at all. Both become {@code {}} rather than a 400.
     */
    static ObjectNode input(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode parsed = Json.parse(arguments);
            return parsed != null && parsed.isObject() ? (ObjectNode) parsed : Json.object();
        } catch (IOException notJson) {
            return Json.object();
        }
    }

    private record Turn(String role, ArrayNode blocks) {
    }
}
