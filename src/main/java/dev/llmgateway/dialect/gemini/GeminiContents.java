package dev.llmgateway.dialect.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.ToolCall;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The conversation as Gemini's {@code contents} (roles {@code user} and {@code model} only) plus
 * the top-level {@code systemInstruction}:
 * <pre>
 * {"systemInstruction":{"parts":[{"text":"Be terse."}]},
 *  "contents":[
 *   {"role":"user","parts":[{"text":"Weather in Paris?"},{"inlineData":{"mimeType":"image/png","data":"iVBORw0…"}}]},
 *   {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}},
 *                             "thoughtSignature":"skip_thought_signature_validator"}]},
 *   {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"temp_c":21}}}]}]}
 * </pre>
 * Adjacent contents of one role are merged: Gemini wants the roles to alternate, and OpenAI's
 * separate {@code role:"tool"} messages of parallel calls must become one user turn.
 */
final class GeminiContents {

    /**
     * Gemini 3 answers 400 to a functionCall in the history without the thought signature it was
     * generated with. The gateway is stateless and its tool calls carry no signature, so it sends
     * the value Google documents for history the model did not produce itself (thought-signatures
     * FAQ); the model then continues without its earlier reasoning. Older models ignore it.
     */
    static final String FOREIGN_SIGNATURE = "skip_thought_signature_validator";

    private final ArrayNode contents = Json.MAPPER.createArrayNode();
    private final ArrayNode system = Json.MAPPER.createArrayNode();

    private GeminiContents() {
    }

    /** Puts {@code systemInstruction} (when there is one) and {@code contents} into the body. */
    static void write(List<ChatMessage> messages, ObjectNode body) {
        GeminiContents conversation = new GeminiContents();
        messages.forEach(conversation::add);
        if (!conversation.system.isEmpty()) {
            body.putObject("systemInstruction").set("parts", conversation.system);
        }
        body.set("contents", conversation.contents);
    }

    private void add(ChatMessage message) {
        switch (message.role()) {
            case SYSTEM -> addText(system, message.content());
            case USER -> {
                ArrayNode parts = Json.MAPPER.createArrayNode();
                addText(parts, message.content());
                message.images().forEach(url -> parts.add(image(url)));
                append("user", parts);
            }
            // earlier thinking is not sent: without its signature Gemini could not use it
            case ASSISTANT -> {
                ArrayNode parts = Json.MAPPER.createArrayNode();
                addText(parts, message.content());
                message.toolCalls().forEach(call -> parts.add(functionCall(call)));
                append("model", parts);
            }
            case TOOL -> append("user", Json.MAPPER.createArrayNode().add(functionResponse(message)));
        }
    }

    /** Gemini rejects empty text parts and contents without parts, so both are left out. */
    private static void addText(ArrayNode parts, String text) {
        if (text != null && !text.isEmpty()) {
            parts.addObject().put("text", text);
        }
    }

    private void append(String role, ArrayNode parts) {
        if (parts.isEmpty()) {
            return;
        }
        JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            ((ArrayNode) last.get("parts")).addAll(parts);
        } else {
            contents.addObject().put("role", role).set("parts", parts);
        }
    }

    private static ObjectNode functionCall(ToolCall call) {
        ObjectNode part = Json.object();
        part.putObject("functionCall").put("name", call.name()).set("args", arguments(call.arguments()));
        return part.put("thoughtSignature", FOREIGN_SIGNATURE);
    }

    /** Gemini's args is an object: "" (a call without arguments) and broken JSON become {}. */
    private static JsonNode arguments(String text) {
        JsonNode parsed = parseOrNull(text);
        return parsed != null && parsed.isObject() ? parsed : Json.object();
    }

    /**
     * Gemini pairs results with calls by function name ({@link dev.llmgateway.model.ToolLoop}
     * gives every result its call's name). The response must be an object; anything else is
     * wrapped as {@code {"content":"…"}}.
     */
    private static ObjectNode functionResponse(ChatMessage message) {
        JsonNode parsed = parseOrNull(message.content());
        JsonNode response = parsed != null && parsed.isObject() ? parsed : Json.object().put("content", message.content());
        ObjectNode part = Json.object();
        part.putObject("functionResponse").put("name", message.toolName()).set("response", response);
        return part;
    }

    /**
     * A data URL goes inline. Gemini fetches public http(s) URLs itself as {@code fileData}
     * (since January 2026, Gemini 2.5 and later), so those are passed on rather than refused; the
     * MIME type is guessed from the file name, and Gemini's own 400 reaches older models' users.
     */
    static ObjectNode image(String url) {
        ObjectNode part = Json.object();
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String header = comma < 0 ? "" : url.substring(5, comma);
            if (!header.endsWith(";base64")) {
                throw GatewayException.badRequest("Gemini needs base64 data URLs for images, not " + abbreviate(url));
            }
            part.putObject("inlineData").put("mimeType", header.substring(0, header.length() - 7))
                    .put("data", url.substring(comma + 1));
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            ObjectNode file = part.putObject("fileData");
            String mimeType = mimeTypeOf(url);
            if (mimeType != null) {
                file.put("mimeType", mimeType);
            }
            file.put("fileUri", url);
        } else {
            throw GatewayException.badRequest("images must be data: or http(s) URLs, not " + abbreviate(url));
        }
        return part;
    }

    private static String mimeTypeOf(String url) {
        String path = url.replaceFirst("[?#].*$", "").toLowerCase(Locale.ROOT);
        String extension = path.substring(path.lastIndexOf('.') + 1);
        return switch (extension) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "webp" -> "image/webp";
            case "gif" -> "image/gif";
            case "heic" -> "image/heic";
            case "heif" -> "image/heif";
            default -> null;
        };
    }

    private static JsonNode parseOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Json.parse(text);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String abbreviate(String url) {
        return url.length() <= 60 ? url : url.substring(0, 60) + "...";
    }
}
