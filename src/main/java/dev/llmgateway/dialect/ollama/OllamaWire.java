package dev.llmgateway.dialect.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.TextCompletion;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.GenerationOptions;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.security.LogSafe;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal model → Ollama native {@code /api/chat} shapes. What differs from OpenAI:
 * tool-call arguments are an object, tool results name their tool ({@code tool_name}) instead of
 * a call id, images are bare base64 strings, and sampling options sit in an {@code options} map.
 * <pre>
 * {"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}}]}
 * {"role":"tool","tool_name":"get_weather","content":"21°C"}
 * </pre>
 */
final class OllamaWire {

    private static final Logger LOG = LoggerFactory.getLogger(OllamaWire.class);

    private OllamaWire() {
    }

    static ArrayNode writeMessages(List<ChatMessage> messages) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ChatMessage message : messages) {
            ObjectNode node = array.addObject().put("role", message.role().wireName()).put("content", message.content());
            if (!message.images().isEmpty()) {
                ArrayNode images = node.putArray("images");
                message.images().forEach(url -> images.add(base64(url)));
            }
            Json.putIfSet(node, "thinking", message.thinking());
            if (!message.toolCalls().isEmpty()) {
                ArrayNode calls = node.putArray("tool_calls");
                for (ToolCall call : message.toolCalls()) {
                    ObjectNode function = calls.addObject().put("id", call.id()).putObject("function");
                    function.put("name", call.name()).set("arguments", argumentsObject(call));
                }
            }
            if (message.role() == Role.TOOL) {
                Json.putIfSet(node, "tool_name", message.toolName());
                Json.putIfSet(node, "tool_call_id", message.toolCallId());
            }
        }
        return array;
    }

    /**
     * Ollama has no tool_choice: "none" is the same as sending no tools, "auto" is what it always
     * does, and a model cannot be made to call a tool, so "required" and a named function are a 400.
     */
    static boolean toolsOff(JsonNode toolChoice) {
        if (toolChoice == null || toolChoice.isNull() || toolChoice.asText().equals("auto")) {
            return false;
        }
        if (toolChoice.asText().equals("none")) {
            return true;
        }
        throw GatewayException.badRequest("Ollama has no tool_choice and cannot be made to call a tool (tool_choice "
                + toolChoice + "): send \"auto\" or \"none\", or use an OpenAI-compatible, Anthropic or Gemini backend");
    }

    /**
     * A text completion as {@code /api/generate} takes it, the client's own fields ({@code raw},
     * {@code template}, {@code context}) as they came:
     * <pre>
     * {"model":"codellama:7b-code","prompt":"def compute_gcd(a, b):","suffix":"    return result","options":{"temperature":0},"stream":true}
     * </pre>
     */
    static ObjectNode writeGenerate(ChatRequest request) {
        TextCompletion completion = request.completion();
        ObjectNode body = Json.object().put("model", request.model()).put("prompt", completion.prompt());
        Json.putIfSet(body, "suffix", completion.suffix());
        Json.putIfSet(body, "system", completion.system());
        List<String> images = request.messages().isEmpty() ? List.of()
                : request.messages().get(request.messages().size() - 1).images();
        if (!images.isEmpty()) {
            ArrayNode array = body.putArray("images");
            images.forEach(url -> array.add(base64(url)));
        }
        body.setAll(completion.ollamaFields());
        writeOptions(request.options(), body);
        body.put("stream", request.stream());
        return body;
    }

    /** Ollama wants an object; "" means no arguments, and text that is not a JSON object cannot be sent. */
    static JsonNode argumentsObject(ToolCall call) {
        String text = call.arguments();
        if (text == null || text.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode parsed = Json.parse(text);
            if (parsed.isObject()) {
                return parsed;
            }
        } catch (IOException notJson) {
            // reported below
        }
        LOG.warn("Tool call {} ({}) has arguments that are not a JSON object; sending an empty object to Ollama", LogSafe.text(call.id()), LogSafe.text(call.name()));
        return Json.object();
    }

    private static String base64(String url) {
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            return url.substring(comma + 1);
        }
        throw GatewayException.badRequest("Ollama accepts only inline images (data: URLs), not " + url);
    }


    /**
     * Sampling options go into Ollama's {@code options}, over every option an Ollama client sent
     * ({@code repeat_penalty}, {@code mirostat}, …, which have no equivalent elsewhere);
     * response_format becomes {@code format}.
     */
    static void writeOptions(GenerationOptions options, ObjectNode body) {
        ObjectNode map = options.ollamaOptions() != null ? options.ollamaOptions().deepCopy() : Json.object();
        Json.putIfSet(map, "temperature", options.temperature());
        Json.putIfSet(map, "top_p", options.topP());
        Json.putIfSet(map, "top_k", options.topK());
        Json.putIfSet(map, "num_predict", options.maxTokens());
        Json.putIfSet(map, "stop", options.stop());
        Json.putIfSet(map, "seed", options.seed());
        Json.putIfSet(map, "presence_penalty", options.presencePenalty());
        Json.putIfSet(map, "frequency_penalty", options.frequencyPenalty());
        Json.putIfSet(map, "num_ctx", options.contextLength());
        if (!map.isEmpty()) {
            body.set("options", map);
        }
        Json.putIfSet(body, "keep_alive", options.keepAlive());
        String reasoning = options.reasoning();
        if (reasoning != null) {
            switch (reasoning) {
                case "on" -> body.put("think", true);
                case "off" -> body.put("think", false);
                default -> body.put("think", reasoning);
            }
        }
        JsonNode format = options.responseFormat();
        String type = format == null ? null : Json.text(format, "type");
        if ("json_object".equals(type)) {
            body.put("format", "json");
        } else if ("json_schema".equals(type)) {
            Json.putIfSet(body, "format", format.path("json_schema").get("schema"));
        }
    }
}
