package dev.llmgateway.dialect.ollama;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ToolCall;
import java.time.Instant;
import java.util.List;

/**
 * Ollama {@code /api/chat} reply lines, for the Ollama front door: one per chunk while streaming,
 * and the final one with the counts (the whole reply when not streaming).
 * <pre>
 * {"model":"llama3.2","created_at":"2026-11-26T15:00:00.1Z","message":{"role":"assistant","content":"Hel"},"done":false}
 * {"model":"llama3.2","created_at":"2026-11-26T15:00:01.2Z","message":{"role":"assistant","content":""},"done":true,
 *  "done_reason":"stop","total_duration":1100000000,"prompt_eval_count":26,"eval_count":298}
 * </pre>
 */
final class OllamaReplies {

    private OllamaReplies() {
    }

    static ObjectNode line(String model, String content, String thinking, List<ToolCall> calls) {
        return line(model, content, thinking, calls, false);
    }

    /**
     * {@code generated}: a line of {@code /api/generate}, with the text as {@code response} and
     * {@code thinking} beside it rather than a message:
     * {@code {"model":"llama3.2","created_at":"…","response":"The","done":false}}
     */
    static ObjectNode line(String model, String content, String thinking, List<ToolCall> calls, boolean generated) {
        ObjectNode line = Json.object().put("model", model).put("created_at", Instant.now().toString());
        if (generated) {
            line.put("response", content == null ? "" : content);
            Json.putIfSet(line, "thinking", thinking == null || thinking.isEmpty() ? null : thinking);
            return line.put("done", false);
        }
        ObjectNode message = line.putObject("message").put("role", "assistant").put("content", content == null ? "" : content);
        Json.putIfSet(message, "thinking", thinking == null || thinking.isEmpty() ? null : thinking);
        if (!calls.isEmpty()) {
            ArrayNode array = message.putArray("tool_calls");
            for (int i = 0; i < calls.size(); i++) {
                ToolCall call = calls.get(i);
                ObjectNode function = array.addObject().put("id", call.id()).putObject("function");
                function.put("index", i).put("name", call.name()).set("arguments", OllamaWire.argumentsObject(call));
            }
        }
        return line.put("done", false);
    }

    /**
     * The last line: done, why, and the counts. {@code whole} puts the complete message in it
     * (non-streaming replies); a stream's last line has empty content, as Ollama's has.
     */
    static ObjectNode done(String model, ChatResponse reply, long elapsedNanos, boolean whole) {
        return done(model, reply, elapsedNanos, whole, false);
    }

    static ObjectNode done(String model, ChatResponse reply, long elapsedNanos, boolean whole, boolean generated) {
        ObjectNode line = whole
                ? line(model, reply.message().content(), reply.message().thinking(), reply.message().toolCalls(), generated)
                : line(model, "", null, List.of(), generated);
        line.put("done", true).put("done_reason", doneReason(reply.finishReason()))
                .put("total_duration", elapsedNanos);
        if (reply.usage() != null) {
            line.put("prompt_eval_count", reply.usage().promptTokens())
                    .put("eval_count", reply.usage().completionTokens());
        }
        return line;
    }

    /** Ollama knows stop, length, and load and unload (an empty prompt); tool-calling replies end with stop there. */
    private static String doneReason(FinishReason reason) {
        return switch (reason) {
            case LENGTH, LOAD, UNLOAD -> reason.openAiName();
            default -> "stop";
        };
    }
}
