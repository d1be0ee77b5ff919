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
 * turns of the same role are merged into one. System messages go top-level ({@link #system}).
 * A message that came from an Anthropic client is sent with its blocks as the client wrote them
 * ({@link ChatMessage#anthropicContent()}): a tool loop's signed thinking must come back unchanged, or
 * Anthropic answers 400, and {@code cache_control} marks where the client's prompt cache ends.
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
            if (turn.blocks.size() == 1 && plainText(turn.blocks.get(0))) {
                node.put("content", turn.blocks.get(0).get("text").asText());
            } else {
                node.set("content", turn.blocks);
            }
        }
        return wire;
    }

    /**
     * The system messages as Anthropic's top-level {@code system}: one string, or, when an Anthropic
     * client sent blocks, the blocks, which may carry {@code cache_control}:
     * {@code [{"type":"text","text":"You are…","cache_control":{"type":"ephemeral","ttl":"1h"}}]}. Null without any.
     */
    static JsonNode system(List<ChatMessage> messages) {
        List<ChatMessage> system = messages.stream().filter(m -> m.role() == Role.SYSTEM).toList();
        if (system.isEmpty()) {
            return null;
        }
        if (system.stream().allMatch(m -> m.anthropicContent() == null)) {
            return Json.MAPPER.getNodeFactory().textNode(String.join("\n\n", system.stream().map(ChatMessage::content).toList()));
        }
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        for (ChatMessage message : system) {
            if (message.anthropicContent() != null) {
                message.anthropicContent().forEach(blocks::add);
            } else if (!message.content().isEmpty()) {
                blocks.addObject().put("type", "text").put("text", message.content());
            }
        }
        return blocks;
    }

    /** {@code {"type":"text","text":"Hi"}} and nothing else (no cache_control, no citations): sent as the string. */
    private static boolean plainText(JsonNode block) {
        return block.size() == 2 && "text".equals(Json.text(block, "type")) && block.path("text").isTextual();
    }

    /**
     * One message's blocks: an Anthropic client's as it sent them, but for thinking blocks without a
     * signature; otherwise built from the fields. Unsigned thinking is dropped: Anthropic accepts a
     * thinking block only with the signature it issued, and the reasoning of other backends has none
     * (the Anthropic door shows it as {@code "signature":""}).
     */
    private static ArrayNode blocks(ChatMessage message) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        if (message.anthropicContent() != null) {
            for (JsonNode block : message.anthropicContent()) {
                boolean unsigned = "thinking".equals(Json.text(block, "type")) && block.path("signature").asText("").isEmpty();
                if (!unsigned) {
                    blocks.add(block);
                }
            }
            return blocks;
        }
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
