package dev.llmgateway.dialect.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ToolDefinition;
import java.util.List;

/**
 * The client's functions as Gemini's top-level {@code tools} and {@code toolConfig}:
 * <pre>
 * "tools":[{"functionDeclarations":[{"name":"get_weather","description":"Current weather",
 *           "parametersJsonSchema":{"type":"object","properties":{"city":{"type":"string"}},
 *                                   "required":["city"],"additionalProperties":false}}]}],
 * "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}}
 * </pre>
 * The schema goes as {@code parametersJsonSchema}, not {@code parameters}: the latter is Gemini's
 * OpenAPI 3.0 subset and answers 400 ("Unknown name additionalProperties") to the plain JSON
 * Schema that OpenAI clients send, with {@code additionalProperties}, {@code $schema},
 * {@code $defs}/{@code $ref} or {@code const} as Zod and Pydantic produce them.
 */
final class GeminiTools {

    private GeminiTools() {
    }

    /** Puts {@code tools}, and {@code toolConfig} when a tool_choice was given; nothing without tools. */
    static void write(List<ToolDefinition> tools, JsonNode toolChoice, ObjectNode body) {
        if (tools.isEmpty()) {
            return;
        }
        ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
        for (ToolDefinition tool : tools) {
            ObjectNode declaration = declarations.addObject().put("name", tool.name());
            Json.putIfSet(declaration, "description", tool.description());
            Json.putIfSet(declaration, "parametersJsonSchema", tool.parameters());
        }
        ObjectNode config = functionCallingConfig(toolChoice);
        if (config != null) {
            body.putObject("toolConfig").set("functionCallingConfig", config);
        }
    }

    /**
     * OpenAI's tool_choice: {@code "auto"} → AUTO, {@code "none"} → NONE, {@code "required"} → ANY,
     * {@code {"type":"function","function":{"name":"f"}}} → ANY restricted to {@code f}.
     * Anything else is left to Gemini's default (AUTO).
     */
    static ObjectNode functionCallingConfig(JsonNode toolChoice) {
        if (toolChoice == null || toolChoice.isNull()) {
            return null;
        }
        if (toolChoice.isTextual()) {
            String mode = switch (toolChoice.asText()) {
                case "auto" -> "AUTO";
                case "none" -> "NONE";
                case "required" -> "ANY";
                default -> null;
            };
            return mode == null ? null : Json.object().put("mode", mode);
        }
        String name = Json.text(toolChoice.path("function"), "name");
        if (name == null) {
            return null;
        }
        ObjectNode config = Json.object().put("mode", "ANY");
        config.putArray("allowedFunctionNames").add(name);
        return config;
    }
}
