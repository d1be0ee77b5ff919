package dev.llmgateway.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolCallDelta;
import java.io.IOException;

/**
 * The frames the gateway sends over WebSocket:
 * <pre>
 * {"type":"chunk","id":"r1","content":"Hel"}
 * {"type":"chunk","id":"r1","toolCalls":[{"index":0,"id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"}]}
 * {"type":"done","id":"r1","message":{"role":"assistant","content":"Hello","toolCalls":[{"id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}]},
 *  "finishReason":"stop","usage":{"promptTokens":9,"completionTokens":2},"backend":"ollama","model":"llama3.2","elapsedMs":812}
 * {"type":"error","id":"r1","error":{"code":"backend_unreachable","message":"backend 'ollama' is unreachable at …","status":502}}
 * </pre>
 * In chunks, tool-call {@code arguments} are JSON text fragments to concatenate per index; in
 * {@code done} they are the parsed object (or the raw text when the model produced invalid JSON).
 */
final class WsFrames {

    private WsFrames() {
    }

    /** A chunk frame, or null when the chunk carries nothing to show (usage, finish only). */
    static String chunk(String id, ChatChunk chunk) {
        if (!chunk.hasText() && chunk.toolCalls().isEmpty()) {
            return null;
        }
        ObjectNode frame = Json.object().put("type", "chunk").put("id", id);
        Json.putIfSet(frame, "content", emptyToNull(chunk.content()));
        Json.putIfSet(frame, "thinking", emptyToNull(chunk.thinking()));
        if (!chunk.toolCalls().isEmpty()) {
            ArrayNode calls = frame.putArray("toolCalls");
            for (ToolCallDelta call : chunk.toolCalls()) {
                ObjectNode node = calls.addObject().put("index", call.index());
                Json.putIfSet(node, "id", call.id());
                Json.putIfSet(node, "name", call.name());
                node.put("arguments", call.arguments() == null ? "" : call.arguments());
            }
        }
        return Json.write(frame);
    }

    /** @param requestId the gateway's id of the request (as in its log line and sent upstream), or null */
    static String done(String id, String requestId, ChatResponse reply, String backend, String model, long elapsedMs) {
        ObjectNode frame = Json.object().put("type", "done").put("id", id);
        Json.putIfSet(frame, "requestId", requestId);
        ObjectNode message = frame.putObject("message").put("role", "assistant")
                .put("content", reply.message().content());
        Json.putIfSet(message, "thinking", reply.message().thinking());
        if (!reply.message().toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("toolCalls");
            for (ToolCall call : reply.message().toolCalls()) {
                calls.addObject().put("id", call.id()).put("name", call.name()).set("arguments", arguments(call));
            }
        }
        frame.put("finishReason", reply.finishReason().openAiName());
        if (reply.usage() != null) {
            frame.putObject("usage").put("promptTokens", reply.usage().promptTokens())
                    .put("completionTokens", reply.usage().completionTokens());
        }
        frame.put("backend", backend).put("model", model).put("elapsedMs", elapsedMs);
        return Json.write(frame);
    }

    static String error(String id, String requestId, GatewayException error) {
        ObjectNode frame = Json.object().put("type", "error").put("id", id);
        Json.putIfSet(frame, "requestId", requestId);
        ObjectNode body = frame.putObject("error").put("code", error.code() != null ? error.code() : error.type())
                .put("message", error.getMessage()).put("status", error.status());
        if (error.retryAfterSeconds() != null) {
            body.put("retryAfter", error.retryAfterSeconds());         // seconds, as HTTP's Retry-After
        }
        return Json.write(frame);
    }

    private static JsonNode arguments(ToolCall call) {
        String text = call.arguments();
        if (text == null || text.isBlank()) {
            return Json.object();
        }
        try {
            return Json.parse(text);
        } catch (IOException invalid) {
            return Json.MAPPER.getNodeFactory().textNode(text);
        }
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
