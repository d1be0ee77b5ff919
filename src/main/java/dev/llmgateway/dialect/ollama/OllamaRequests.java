package dev.llmgateway.dialect.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.GenerationOptions;
import dev.llmgateway.model.Ids;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ollama {@code /api/chat} request shapes → internal model, for the Ollama front door:
 * <pre>
 * {"model":"llama3.2","messages":[
 *   {"role":"user","content":"Weather in Paris?","images":["iVBORw0KGgo…"]},
 *   {"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},
 *   {"role":"tool","tool_name":"get_weather","content":"21°C"}],
 *  "options":{"temperature":0.2,"num_predict":256,"num_ctx":8192},"format":"json","think":true,"keep_alive":"10m"}
 * </pre>
 * Ollama tool calls usually have no id: each gets one, and a tool result without
 * {@code tool_call_id} is paired with the earliest unanswered call of the same {@code tool_name},
 * so the ids stay consistent across the turn for backends that need them (OpenAI).
 */
final class OllamaRequests {

    private OllamaRequests() {
    }

    /** Tool results name their call by function name only: they get the id of its oldest open call. */
    static List<ChatMessage> readMessages(JsonNode messages) {
        Map<String, Deque<String>> unansweredByName = new HashMap<>();
        return Json.readEach(messages, "messages", node -> readMessage(node, unansweredByName));
    }

    private static ChatMessage readMessage(JsonNode node, Map<String, Deque<String>> unansweredByName) {
        if (!node.isObject()) {
            throw GatewayException.badRequest("every message must be a JSON object");
        }
        Role role = Role.of(Json.string(node, "role"));
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : node.path("tool_calls")) {
            String id = Json.string(call, "id") != null ? Json.string(call, "id") : Ids.toolCall();
            JsonNode function = call.path("function");
            String name = Json.string(function, "name");
            JsonNode arguments = function.get("arguments");
            calls.add(new ToolCall(id, name, arguments == null || arguments.isNull() ? "{}"
                    : arguments.isTextual() ? arguments.asText() : Json.write(arguments)));
            unansweredByName.computeIfAbsent(name, n -> new ArrayDeque<>()).add(id);
        }
        String toolName = Json.string(node, "tool_name");
        String toolCallId = Json.string(node, "tool_call_id");
        if (role == Role.TOOL && toolCallId == null && toolName != null) {
            Deque<String> open = unansweredByName.get(toolName);
            toolCallId = open == null || open.isEmpty() ? null : open.poll();
        }
        List<String> images = new ArrayList<>();
        List<String> base64 = Json.strings(node, "images");
        (base64 == null ? List.<String>of() : base64).forEach(image -> images.add(dataUrl(image)));
        return new ChatMessage(role, Json.string(node, "content"), images, Json.string(node, "thinking"),
                calls, toolCallId, toolName);
    }

    /** Ollama sends bare base64; the internal model (and OpenAI) want a data URL with a type. */
    static String dataUrl(String base64) {
        String type = base64.startsWith("/9j/") ? "image/jpeg"
                : base64.startsWith("R0lG") ? "image/gif"
                : base64.startsWith("UklG") ? "image/webp" : "image/png";
        return "data:" + type + ";base64," + base64;
    }

    static GenerationOptions readOptions(JsonNode body) {
        JsonNode options = body.path("options");
        if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
            throw GatewayException.badRequest("'options' must be an object");
        }
        // num_predict: -1 is no limit, -2 fills the context (Ollama's own values)
        return new GenerationOptions(Json.number(options, "temperature", 0, Double.MAX_VALUE), Json.number(options, "top_p", 0, 1),
                Json.integer(options, "top_k", -1, Integer.MAX_VALUE), Json.integer(options, "num_predict", -2, Integer.MAX_VALUE),
                Json.strings(options, "stop"), Json.longValue(options, "seed"), Json.number(options, "presence_penalty"),
                Json.number(options, "frequency_penalty"), responseFormat(body.get("format")),
                Json.integer(options, "num_ctx", 1, Integer.MAX_VALUE), body.get("keep_alive"), reasoning(body.get("think")),
                options instanceof ObjectNode sent && !sent.isEmpty() ? sent : null);
    }

    /** {@code "json"} or a JSON schema → the OpenAI-shaped response_format the model carries. */
    private static JsonNode responseFormat(JsonNode format) {
        if (format == null || format.isNull() || (format.isTextual() && format.asText().isEmpty())) {
            return null;
        }
        if (format.isTextual() && format.asText().equals("json")) {
            return Json.object().put("type", "json_object");
        }
        if (format.isObject()) {
            var node = Json.object().put("type", "json_schema");
            node.putObject("json_schema").put("name", "response").set("schema", format);
            return node;
        }
        throw GatewayException.badRequest("format must be \"json\" or a JSON schema object");
    }

    private static String reasoning(JsonNode think) {
        if (think == null || think.isNull()) {
            return null;
        }
        if (think.isBoolean()) {
            return think.asBoolean() ? "on" : "off";
        }
        if (think.isTextual() && List.of("low", "medium", "high").contains(think.asText())) {
            return think.asText();
        }
        throw GatewayException.badRequest("'think' must be true, false, \"low\", \"medium\" or \"high\", not " + think);
    }
}
