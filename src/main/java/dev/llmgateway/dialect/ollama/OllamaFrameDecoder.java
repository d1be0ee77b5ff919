package dev.llmgateway.dialect.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Ids;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.Usage;
import dev.llmgateway.stream.FrameDecoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes Ollama's NDJSON stream, one object per line:
 * <pre>
 * {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Hel"},"done":false}
 * {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}}]},"done":false}
 * {"model":"llama3.2","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":26,"eval_count":298}
 * {"error":"model 'x' not found"}
 * </pre>
 * {@code /api/generate} lines have the same shape with the text as {@code "response"}:
 * {@code {"model":"llama3.2","created_at":"…","response":"The","done":false}}.
 * Tool calls arrive whole; each gets the next index and, when Ollama sends none, an invented id.
 * Ollama ends tool-calling replies with {@code done_reason:"stop"}; this reports
 * {@link FinishReason#TOOL_CALLS} instead, as OpenAI clients expect.
 */
final class OllamaFrameDecoder implements FrameDecoder {

    private final String backend;
    private int toolCallCount;
    private boolean done;

    OllamaFrameDecoder(String backend) {
        this.backend = backend;
    }

    @Override
    public ChatChunk decode(String data, String event) {
        try {
            return decode(Json.parse(data));
        } catch (IOException e) {
            throw GatewayException.upstream(backend, 502, "malformed stream line: " + data);
        }
    }

    ChatChunk decode(JsonNode line) {
        if (line.hasNonNull("error")) {
            throw GatewayException.upstream(backend, 502, line.get("error").asText());
        }
        // /api/chat lines carry a message; /api/generate lines the text as "response" (and "thinking")
        boolean generated = !line.has("message") && line.has("response");
        JsonNode message = generated ? line : line.path("message");
        List<ToolCallDelta> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            String id = Json.text(call, "id");
            JsonNode function = call.path("function");
            JsonNode arguments = function.get("arguments");
            calls.add(new ToolCallDelta(toolCallCount++, id == null ? Ids.toolCall() : id,
                    Json.text(function, "name"), arguments == null ? "{}" : Json.write(arguments)));
        }
        FinishReason finish = null;
        Usage usage = null;
        if (line.path("done").asBoolean(false)) {
            done = true;
            finish = FinishReason.fromWire(Json.text(line, "done_reason"));
            if (finish == null || (finish == FinishReason.STOP && toolCallCount > 0)) {
                finish = toolCallCount > 0 ? FinishReason.TOOL_CALLS : FinishReason.STOP;
            }
            usage = new Usage(line.path("prompt_eval_count").asInt(), line.path("eval_count").asInt());
        }
        return new ChatChunk(Json.text(message, generated ? "response" : "content"), Json.text(message, "thinking"), calls,
                finish, usage, Json.text(line, "model"));
    }

    @Override
    public boolean ended() {
        return done;
    }

    @Override
    public boolean complete() {
        return done;
    }
}
