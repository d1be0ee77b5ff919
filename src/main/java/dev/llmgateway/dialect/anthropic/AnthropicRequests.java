package dev.llmgateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.GenerationOptions;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic Messages requests → internal model, for the Anthropic front door:
 * <pre>
 * {"model":"claude-x","max_tokens":1024,"system":"Be brief.","stream":true,
 *  "messages":[{"role":"user","content":"Weather in Paris?"},
 *   {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
 *   {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"21°C"}]}],
 *  "tools":[{"name":"get_weather","input_schema":{"type":"object"}}],"tool_choice":{"type":"auto"}}
 * </pre>
 * Tool results inside a user message become separate tool messages (OpenAI's shape), before any
 * text of that message, in their order. Each message also keeps its blocks as sent (the tool
 * message its tool_result block, the rest the other blocks) for Anthropic backends, which get
 * them unchanged: {@code cache_control}, signed thinking and {@code redacted_thinking} included.
 * <pre>
 * {"role":"assistant","content":[{"type":"thinking","thinking":"Let me check","signature":"EqQBCgIYAhIM…"},
 *   {"type":"redacted_thinking","data":"EmwKAhgBEgy…"},
 *   {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}]}
 * </pre>
 */
final class AnthropicRequests {

    private AnthropicRequests() {
    }

    static List<ChatMessage> readMessages(JsonNode body) {
        List<ChatMessage> messages = new ArrayList<>();
        String system = text(body.get("system"));
        if (!system.isEmpty()) {
            JsonNode blocks = body.get("system").isArray() ? body.get("system") : null;
            messages.add(new ChatMessage(Role.SYSTEM, system, null, null, null, null, null, blocks));
        }
        JsonNode list = body.get("messages");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw GatewayException.badRequest("messages: a non-empty array is required");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode message = list.get(i);
            String role = Json.string(message, "role");
            if (!"user".equals(role) && !"assistant".equals(role)) {
                throw GatewayException.badRequest("messages." + i + ".role: must be user or assistant, not " + role);
            }
            JsonNode content = message.get("content");
            if (content != null && content.isTextual()) {
                messages.add(ChatMessage.of(Role.of(role), content.asText()));
                continue;
            }
            if (content == null || !content.isArray()) {
                throw GatewayException.badRequest("messages." + i + ".content: must be a string or an array of content blocks");
            }
            StringBuilder text = new StringBuilder();
            StringBuilder thinking = new StringBuilder();
            List<String> images = new ArrayList<>();
            List<ToolCall> calls = new ArrayList<>();
            ArrayNode blocks = Json.MAPPER.createArrayNode();
            for (JsonNode block : content) {
                switch (String.valueOf(Json.string(block, "type"))) {
                    case "text" -> text.append(text.length() == 0 ? "" : "\n").append(requireText(block));
                    case "image" -> images.add(imageUrl(block.path("source")));
                    case "thinking" -> thinking.append(Json.string(block, "thinking"));
                    case "redacted_thinking" -> { }
                    case "tool_use" -> calls.add(new ToolCall(Json.string(block, "id"), Json.string(block, "name"),
                            Json.write(block.has("input") ? block.get("input") : Json.object())));
                    case "tool_result" -> messages.add(new ChatMessage(Role.TOOL, toolResult(block), null, null, null,
                            Json.string(block, "tool_use_id"), null, Json.MAPPER.createArrayNode().add(block)));
                    default -> throw GatewayException.badRequest("messages." + i + ".content: unsupported block type '"
                            + Json.string(block, "type") + "'");
                }
                if (!"tool_result".equals(Json.string(block, "type"))) {
                    blocks.add(block);
                }
            }
            if (text.length() > 0 || !images.isEmpty() || !calls.isEmpty() || thinking.length() > 0) {
                messages.add(new ChatMessage(Role.of(role), text.toString(), images,
                        thinking.length() == 0 ? null : thinking.toString(), calls, null, null, blocks));
            }
        }
        return messages;
    }

    static List<ToolDefinition> readTools(JsonNode tools) {
        List<ToolDefinition> result = new ArrayList<>();
        for (JsonNode tool : tools == null ? Json.MAPPER.createArrayNode() : tools) {
            String name = Json.string(tool, "name");
            if (name == null) {
                throw GatewayException.badRequest("tools: every tool needs a name");
            }
            JsonNode cacheControl = tool.get("cache_control");
            result.add(new ToolDefinition(name, Json.string(tool, "description"), tool.get("input_schema"),
                    cacheControl == null || cacheControl.isNull() ? null : cacheControl));
        }
        return result;
    }

    /** Anthropic's tool_choice → the OpenAI shape the model carries. */
    static JsonNode readToolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        return switch (String.valueOf(Json.string(choice, "type"))) {
            case "any" -> Json.MAPPER.getNodeFactory().textNode("required");
            case "none" -> Json.MAPPER.getNodeFactory().textNode("none");
            case "tool" -> {
                ObjectNode named = Json.object().put("type", "function");
                named.putObject("function").put("name", Json.string(choice, "name"));
                yield named;
            }
            default -> Json.MAPPER.getNodeFactory().textNode("auto");
        };
    }

    static GenerationOptions readOptions(JsonNode body) {
        List<String> stop = Json.strings(body, "stop_sequences");
        String reasoning = null;
        JsonNode thinking = body.get("thinking");
        if (thinking != null && "enabled".equals(Json.string(thinking, "type"))) {
            Integer budgetTokens = Json.integer(thinking, "budget_tokens", 0, Integer.MAX_VALUE);
            int budget = budgetTokens == null ? 0 : budgetTokens;
            reasoning = budget <= 0 ? "on" : budget <= 2048 ? "low" : budget <= 8192 ? "medium" : "high";
        } else if (thinking != null && "disabled".equals(Json.string(thinking, "type"))) {
            reasoning = "off";
        }
        return new GenerationOptions(Json.number(body, "temperature", 0, Double.MAX_VALUE), Json.number(body, "top_p", 0, 1),
                Json.integer(body, "top_k", 0, Integer.MAX_VALUE), Json.integer(body, "max_tokens", 1, Integer.MAX_VALUE), stop,
                null, null, null, null,
                null, null, reasoning, null, thinking != null && thinking.isObject() ? thinking : null);
    }

    /** A tool result's content: a string, or text blocks joined; errors say so. */
    private static String toolResult(JsonNode block) {
        String text = text(block.get("content"));
        return block.path("is_error").asBoolean(false) ? "Error: " + text : text;
    }

    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(Json.string(block, "type"))) {
                text.append(text.length() == 0 ? "" : "\n").append(Json.string(block, "text"));
            }
        }
        return text.toString();
    }

    private static String requireText(JsonNode block) {
        String text = Json.string(block, "text");
        if (text == null) {
            throw GatewayException.badRequest("a text block needs 'text'");
        }
        return text;
    }

    private static String imageUrl(JsonNode source) {
        if ("base64".equals(Json.string(source, "type"))) {
            return "data:" + Json.string(source, "media_type") + ";base64," + Json.string(source, "data");
        }
        if ("url".equals(Json.string(source, "type"))) {
            return Json.string(source, "url");
        }
        throw GatewayException.badRequest("image source must be base64 or url");
    }
}
