package dev.llmgateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.GenerationOptions;
import dev.llmgateway.model.Ids;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI Chat Completions shapes ↔ internal model, used by the ingress (clients speaking OpenAI)
 * and by the backend codec (OpenAI-compatible servers) alike.
 * <pre>
 * {"role":"assistant","content":null,
 *  "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]}
 * {"role":"tool","tool_call_id":"call_1","content":"21°C"}
 * </pre>
 */
public final class OpenAiWire {

    private OpenAiWire() {
    }

    public static ChatMessage readMessage(JsonNode node) {
        if (!node.isObject()) {
            throw GatewayException.badRequest("every message must be a JSON object");
        }
        Role role = Role.of(Json.string(node, "role"));
        StringBuilder text = new StringBuilder();
        List<String> images = new ArrayList<>();
        JsonNode content = node.get("content");
        if (content != null && content.isTextual()) {
            text.append(content.asText());
        } else if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                String type = Json.string(part, "type");
                if ("text".equals(type)) {
                    String partText = Json.string(part, "text");
                    if (partText == null) {
                        throw GatewayException.badRequest("a text part needs 'text'");
                    }
                    text.append(text.length() == 0 ? "" : "\n").append(partText);
                } else if ("image_url".equals(type)) {
                    JsonNode image = part.path("image_url");
                    String url = image.isTextual() ? image.asText() : image.path("url").isTextual() ? image.path("url").asText() : null;
                    if (url == null) {
                        throw GatewayException.badRequest("image_url needs a 'url' string");
                    }
                    images.add(url);
                } else {
                    throw GatewayException.badRequest("unsupported content part type '" + type + "'");
                }
            }
        } else if (content != null && !content.isNull()) {
            throw GatewayException.badRequest("'content' must be a string or an array of content parts, not "
                    + (content.toString().length() > 40 ? content.toString().substring(0, 40) + "..." : content));
        }
        String thinking = Json.string(node, "reasoning_content") != null
                ? Json.string(node, "reasoning_content") : Json.string(node, "reasoning");
        List<ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = node.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
            toolCalls.forEach(call -> calls.add(readToolCall(call)));
        }
        return new ChatMessage(role, text.toString(), images, thinking, calls,
                Json.string(node, "tool_call_id"), Json.string(node, "name"));
    }

    public static ToolCall readToolCall(JsonNode call) {
        String id = Json.text(call, "id");
        JsonNode function = call.path("function");
        return new ToolCall(id == null ? Ids.toolCall() : id, Json.text(function, "name"),
                arguments(function.get("arguments")));
    }

    /** OpenAI sends arguments as a JSON string; some compatible servers send an object. */
    public static String arguments(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return "";
        }
        return arguments.isTextual() ? arguments.asText() : Json.write(arguments);
    }

    public static ObjectNode writeMessage(ChatMessage message) {
        ObjectNode node = Json.object().put("role", message.role().wireName());
        if (!message.images().isEmpty()) {
            ArrayNode parts = node.putArray("content");
            if (!message.content().isEmpty()) {
                parts.addObject().put("type", "text").put("text", message.content());
            }
            message.images().forEach(url ->
                    parts.addObject().put("type", "image_url").putObject("image_url").put("url", url));
        } else if (message.content().isEmpty() && !message.toolCalls().isEmpty()) {
            node.putNull("content");
        } else {
            node.put("content", message.content());
        }
        if (!message.toolCalls().isEmpty()) {
            ArrayNode calls = node.putArray("tool_calls");
            message.toolCalls().forEach(call -> calls.add(writeToolCall(call)));
        }
        if (message.role() == Role.TOOL && message.toolCallId() != null) {
            node.put("tool_call_id", message.toolCallId());
        }
        return node;
    }

    public static ObjectNode writeToolCall(ToolCall call) {
        ObjectNode node = Json.object().put("id", call.id()).put("type", "function");
        node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
        return node;
    }



    public static GenerationOptions readOptions(JsonNode body) {
        Integer maxCompletionTokens = Json.integer(body, "max_completion_tokens", 1, Integer.MAX_VALUE);
        Integer maxTokens = Json.integer(body, "max_tokens", 1, Integer.MAX_VALUE);
        return new GenerationOptions(Json.number(body, "temperature", 0, Double.MAX_VALUE), Json.number(body, "top_p", 0, 1),
                Json.integer(body, "top_k", -1, Integer.MAX_VALUE), maxCompletionTokens != null ? maxCompletionTokens : maxTokens,
                Json.strings(body, "stop"), Json.longValue(body, "seed"),
                Json.number(body, "presence_penalty"), Json.number(body, "frequency_penalty"),
                body.get("response_format"), null, null, reasoning(Json.string(body, "reasoning_effort")));
    }

    /** OpenAI's reasoning_effort → the internal level ("none" and "minimal" included). */
    private static String reasoning(String effort) {
        if (effort == null) {
            return null;
        }
        return switch (effort) {
            case "none" -> "off";
            case "minimal" -> "low";
            default -> effort;
        };
    }

    public static void writeOptions(GenerationOptions options, ObjectNode body) {
        Json.putIfSet(body, "temperature", options.temperature());
        Json.putIfSet(body, "top_p", options.topP());
        Json.putIfSet(body, "top_k", options.topK());
        Json.putIfSet(body, "max_tokens", options.maxTokens());
        Json.putIfSet(body, "stop", options.stop());
        Json.putIfSet(body, "seed", options.seed());
        Json.putIfSet(body, "presence_penalty", options.presencePenalty());
        Json.putIfSet(body, "frequency_penalty", options.frequencyPenalty());
        Json.putIfSet(body, "response_format", options.responseFormat());
        // levels only: on/off (Ollama's think true/false) have no OpenAI value all servers accept
        String reasoning = options.reasoning();
        if (reasoning != null && !reasoning.equals("on") && !reasoning.equals("off")) {
            body.put("reasoning_effort", reasoning);
        }
    }

    /**
     * A text completion as {@code /completions} takes it:
     * <pre>
     * {"model":"qwen2.5-coder","prompt":"def fib(n):","suffix":"\n    return a","max_tokens":64,"stream":true,"stream_options":{"include_usage":true}}
     * </pre>
     */
    public static ObjectNode writeCompletion(ChatRequest request) {
        ObjectNode body = Json.object().put("model", request.model()).put("prompt", request.completion().prompt());
        Json.putIfSet(body, "suffix", request.completion().suffix());
        writeOptions(request.options(), body);
        body.put("stream", request.stream());
        if (request.stream()) {
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    public static Usage readUsage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new Usage(usage.path("prompt_tokens").asInt(), usage.path("completion_tokens").asInt());
    }

    public static ObjectNode writeUsage(Usage usage) {
        return Json.object().put("prompt_tokens", usage.promptTokens())
                .put("completion_tokens", usage.completionTokens())
                .put("total_tokens", usage.totalTokens());
    }
}
