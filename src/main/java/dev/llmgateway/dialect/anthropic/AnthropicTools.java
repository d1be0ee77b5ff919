package dev.llmgateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ToolDefinition;
import java.util.List;

/**
 * Client-side tools in Anthropic's shape: the function itself, not wrapped in
 * {@code {"type":"function","function":…}}, and its schema as {@code input_schema}.
 * <pre>
 * "tools":[{"name":"get_weather","description":"Current weather",
 *           "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],
 * "tool_choice":{"type":"tool","name":"get_weather"}
 * </pre>
 * A tool's {@code "cache_control":{"type":"ephemeral"}} (an Anthropic client's cache breakpoint) is kept.
 */
final class AnthropicTools {

    private AnthropicTools() {
    }

    /** {@code parameters} → {@code input_schema}, which Anthropic requires even for no arguments. */
    static ArrayNode write(List<ToolDefinition> tools) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ToolDefinition tool : tools) {
            ObjectNode node = array.addObject().put("name", tool.name());
            Json.putIfSet(node, "description", tool.description());
            if (tool.parameters() != null && tool.parameters().isObject()) {
                node.set("input_schema", tool.parameters());
            } else {
                node.putObject("input_schema").put("type", "object").putObject("properties");
            }
            Json.putIfSet(node, "cache_control", tool.cacheControl());
        }
        return array;
    }

    /** OpenAI's tool_choice: "auto" / "required" / "none" / {"type":"function","function":{"name"}}. */
    static ObjectNode toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> Json.object().put("type", "auto");
                case "required" -> Json.object().put("type", "any");
                case "none" -> Json.object().put("type", "none");
                default -> null;
            };
        }
        String name = Json.text(choice.path("function"), "name");
        return name == null ? null : Json.object().put("type", "tool").put("name", name);
    }
}
