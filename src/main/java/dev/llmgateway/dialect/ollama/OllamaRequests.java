package dev.llmgateway.dialect.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.GenerationOptions;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Ollama {@code /api/chat} request shapes → internal model, for the Ollama front door:
 * <pre>
 * {"model":"llama3.2","messages":[
 *   {"role":"user","content":"Weather in Paris?","images":["iVBORw0KGgo…"]},
 *   {"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},
 *   {"role":"tool","tool_name":"get_weather","content":"21°C"}],
 *  "options":{"temperature":0.2,"num_predict":256,"num_ctx":8192},"format":"json","think":true,"keep_alive":"10m"}
 * </pre>
 * Ollama tool calls usually have no id, and its tool results name their call by {@code tool_name}
 * or not at all: {@link dev.llmgateway.model.ToolLoop} pairs them for every backend.
 */
final class OllamaRequests {

    private OllamaRequests() {
    }

    static List<ChatMessage> readMessages(JsonNode messages) {
        return Json.readEach(messages, "messages", OllamaRequests::readMessage);
    }

    private static ChatMessage readMessage(JsonNode node) {
        if (!node.isObject()) {
            throw GatewayException.badRequest("every message must be a JSON object");
        }
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : node.path("tool_calls")) {
            JsonNode function = call.path("function");
            JsonNode arguments = function.get("arguments");
            calls.add(new ToolCall(Json.string(call, "id"), Json.string(function, "name"), arguments == null || arguments.isNull()
                    ? "{}" : arguments.isTextual() ? arguments.asText() : Json.write(arguments)));
        }
        List<String> images = new ArrayList<>();
        List<String> base64 = Json.strings(node, "images");
        (base64 == null ? List.<String>of() : base64).forEach(image -> images.add(dataUrl(image)));
        return new ChatMessage(Role.of(Json.string(node, "role")), Json.string(node, "content"), images,
                Json.string(node, "thinking"), calls, Json.string(node, "tool_call_id"), Json.string(node, "tool_name"));
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
