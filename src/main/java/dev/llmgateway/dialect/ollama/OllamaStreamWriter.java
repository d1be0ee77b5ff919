package dev.llmgateway.dialect.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.http.ChatStreamWriter;
import dev.llmgateway.http.HttpEventStream;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.GatewayException;
import java.util.List;

/**
 * Renders one reply as Ollama's NDJSON stream ({@code application/x-ndjson}): a line per chunk with
 * text or thinking, the tool calls complete in one line (Ollama clients expect whole calls, while
 * OpenAI-compatible backends stream argument fragments), then the {@code done:true} line. A
 * failure after the first line becomes one more line {@code {"error":"…"}}, as Ollama does it.
 */
final class OllamaStreamWriter extends ChatStreamWriter {

    private final long startedNanos = System.nanoTime();
    private final boolean generated;

    OllamaStreamWriter(HttpEventStream out) {
        this(out, false);
    }

    /** {@code generated}: the lines of {@code /api/generate} ({@code "response"} rather than a message). */
    OllamaStreamWriter(HttpEventStream out, boolean generated) {
        super(out);
        this.generated = generated;
    }

    @Override
    public void write(ChatChunk chunk, String backend, String routedModel) {
        opening(backend, routedModel);
        if (chunk.hasText()) {
            send(OllamaReplies.line(model, chunk.content(), chunk.thinking(), List.of(), generated));
        }
    }

    @Override
    public void finish(ChatResponse reply) {
        if (!reply.message().toolCalls().isEmpty() && !generated) {
            send(OllamaReplies.line(model, "", null, reply.message().toolCalls()));
        }
        send(OllamaReplies.done(model, reply, System.nanoTime() - startedNanos, false, generated));
        out.end();
    }

    @Override
    public void fail(GatewayException error) {
        out.endWith(Json.write(Json.object().put("error", error.getMessage())) + "\n");
    }



    private void send(JsonNode line) {
        out.write(Json.write(line) + "\n");
    }
}
