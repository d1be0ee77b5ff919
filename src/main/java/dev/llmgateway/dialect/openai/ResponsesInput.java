package dev.llmgateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.GenerationOptions;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Responses API request ({@code POST /v1/responses}) into the internal format:
 * <pre>
 * {"model":"ollama/qwen3","instructions":"Be brief.","input":[
 *   {"role":"user","content":[{"type":"input_text","text":"Weather in Paris?"},{"type":"input_image","image_url":"data:image/png;base64,…"}]},
 *   {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
 *   {"type":"function_call_output","call_id":"call_1","output":"Sunny, 21 °C"}],
 *  "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}],
 *  "tool_choice":{"type":"function","name":"get_weather"},"max_output_tokens":256,"reasoning":{"effort":"low"},
 *  "text":{"format":{"type":"json_schema","name":"weather","schema":{…},"strict":true}}}
 * </pre>
 * Function calls in a row, with the assistant text before them, make one assistant turn; a call's
 * output becomes a tool message that names the call and its function. Reasoning items a client sends
 * back are left out (they are opaque to other backends). Hosted tools (web search, file search,
 * code interpreter, MCP, …) and item references are refused with a 400 that names them.
 */
final class ResponsesInput {

    private ResponsesInput() {
    }

    /** {@code input}: a text (one user message) or an array of items. */
    static List<ChatMessage> messages(JsonNode input) {
        List<ChatMessage> messages = new ArrayList<>();
        if (input == null || input.isNull()) {
            throw GatewayException.badRequest("'input' is required: a text or an array of input items");
        }
        if (input.isTextual()) {
            messages.add(ChatMessage.of(Role.USER, input.textValue()));
            return messages;
        }
        if (!input.isArray()) {
            throw GatewayException.badRequest("'input' must be a text or an array of input items");
        }
        Map<String, String> functionsByCall = new HashMap<>();
        for (JsonNode item : input) {
            String type = Json.string(item, "type");
            if (type == null || type.equals("message")) {
                messages.add(message(item));
            } else if (type.equals("function_call")) {
                ToolCall call = new ToolCall(Json.string(item, "call_id"), Json.string(item, "name"), Json.string(item, "arguments"));
                if (call.id() == null || call.name() == null) {
                    throw GatewayException.badRequest("a function_call item needs 'call_id' and 'name'");
                }
                functionsByCall.put(call.id(), call.name());
                ChatMessage last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
                if (last != null && last.role() == Role.ASSISTANT) {
                    List<ToolCall> calls = new ArrayList<>(last.toolCalls());
                    calls.add(call);
                    messages.set(messages.size() - 1, new ChatMessage(Role.ASSISTANT, last.content(), last.images(),
                            last.thinking(), calls, null, null));
                } else {
                    messages.add(new ChatMessage(Role.ASSISTANT, "", null, null, List.of(call), null, null));
                }
            } else if (type.equals("function_call_output")) {
                String callId = Json.string(item, "call_id");
                if (callId == null) {
                    throw GatewayException.badRequest("a function_call_output item needs 'call_id'");
                }
                JsonNode output = item.get("output");
                String text = output == null || output.isNull() ? "" : output.isTextual() ? output.textValue() : text(output);
                messages.add(new ChatMessage(Role.TOOL, text, null, null, null, callId, functionsByCall.get(callId)));
            } else if (!type.equals("reasoning")) {
                throw GatewayException.badRequest("input items of type '" + type + "' are not supported by the gateway: "
                        + "send messages, function_call and function_call_output items");
            }
        }
        return messages;
    }

    /** {@code {"role":"user","content":"Hi"}} or with content parts (input_text, output_text, input_image). */
    private static ChatMessage message(JsonNode item) {
        Role role = Role.of(Json.string(item, "role"));
        JsonNode content = item.get("content");
        if (content == null || content.isNull() || content.isTextual()) {
            return ChatMessage.of(role, content == null || content.isNull() ? "" : content.textValue());
        }
        StringBuilder text = new StringBuilder();
        List<String> images = new ArrayList<>();
        for (JsonNode part : content) {
            String type = Json.string(part, "type");
            if ("input_text".equals(type) || "output_text".equals(type) || "text".equals(type) || "refusal".equals(type)) {
                String partText = Json.string(part, "refusal".equals(type) ? "refusal" : "text");
                text.append(text.length() == 0 ? "" : "\n").append(partText == null ? "" : partText);
            } else if ("input_image".equals(type)) {
                JsonNode url = part.get("image_url");
                if (url == null || !url.isTextual()) {
                    throw GatewayException.badRequest("an input_image part needs 'image_url' (a URL or a data: URL); file ids are not supported");
                }
                images.add(url.textValue());
            } else {
                throw GatewayException.badRequest("content parts of type '" + type + "' are not supported by the gateway");
            }
        }
        return new ChatMessage(role, text.toString(), images, null, null, null, null);
    }

    /** The text of an output given as content parts. */
    private static String text(JsonNode parts) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : parts) {
            text.append(Json.text(part, "text") == null ? "" : Json.text(part, "text"));
        }
        return text.toString();
    }

    /** Function tools, {@code {"type":"function","name":…,"parameters":…}}; any other kind is a 400. */
    static List<ToolDefinition> tools(JsonNode tools) {
        List<ToolDefinition> result = new ArrayList<>();
        if (tools == null || !tools.isArray()) {
            return result;
        }
        for (JsonNode tool : tools) {
            String type = Json.string(tool, "type");
            if (!"function".equals(type)) {
                throw GatewayException.badRequest("tools of type '" + type + "' are not supported by the gateway: "
                        + "send function tools, which the client runs");
            }
            String name = Json.string(tool, "name");
            if (name == null) {
                throw GatewayException.badRequest("every function tool needs a 'name'");
            }
            result.add(new ToolDefinition(name, Json.string(tool, "description"), tool.get("parameters")));
        }
        return result;
    }

    /** {@code "auto"}, {@code "none"}, {@code "required"} or {@code {"type":"function","name":"x"}}, in the chat shape. */
    static JsonNode toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull() || choice.isTextual()) {
            return choice;
        }
        if ("function".equals(Json.string(choice, "type")) && Json.string(choice, "name") != null) {
            ObjectNode chat = Json.object().put("type", "function");
            chat.putObject("function").put("name", Json.string(choice, "name"));
            return chat;
        }
        throw GatewayException.badRequest("tool_choice must be auto, none, required or a function: {\"type\":\"function\",\"name\":…}");
    }

    /**
     * {@code temperature}, {@code top_p}, {@code max_output_tokens}, {@code reasoning.effort} and
     * {@code text.format} (a JSON schema or JSON object), in the options every backend reads.
     */
    static GenerationOptions options(JsonNode body) {
        JsonNode format = body.path("text").path("format");
        JsonNode responseFormat = null;
        String formatType = Json.text(format, "type");
        if ("json_schema".equals(formatType)) {
            ObjectNode chat = Json.object().put("type", "json_schema");
            ObjectNode schema = chat.putObject("json_schema");
            Json.putIfSet(schema, "name", Json.text(format, "name"));
            Json.putIfSet(schema, "schema", format.get("schema"));
            Json.putIfSet(schema, "strict", format.get("strict"));
            responseFormat = chat;
        } else if ("json_object".equals(formatType)) {
            responseFormat = Json.object().put("type", "json_object");
        }
        String effort = Json.text(body.path("reasoning"), "effort");
        String reasoning = effort == null ? null : switch (effort) {
            case "none" -> "off";
            case "minimal" -> "low";
            default -> effort;
        };
        return new GenerationOptions(Json.number(body, "temperature", 0, 2), Json.number(body, "top_p", 0, 1), null,
                Json.integer(body, "max_output_tokens", 1, Integer.MAX_VALUE), null, null, null, null, responseFormat,
                null, null, reasoning);
    }
}
