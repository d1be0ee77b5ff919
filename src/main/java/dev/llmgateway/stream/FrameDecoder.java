package dev.llmgateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.GatewayException;
import java.io.IOException;

/**
 * Maps one upstream frame (an NDJSON line or the data of one SSE event) to a chunk. One instance
 * per stream: it may keep state, e.g. which tool-call indexes it has already announced.
 */
public interface FrameDecoder {

    /**
     * @param event the SSE event name, or null (NDJSON, or SSE without an {@code event:} line)
     * @return the chunk, or null when the frame carries nothing for the client (keep-alives, [DONE])
     * @throws dev.llmgateway.model.GatewayException when the frame reports an upstream error
     */
    ChatChunk decode(String data, String event);

    /** Parses one frame's JSON; a frame that is not JSON is the backend's fault: a 502. */
    static JsonNode json(String data, String backend) {
        try {
            return Json.parse(data);
        } catch (IOException e) {
            throw GatewayException.upstream(backend, 502, "malformed stream event: " + data);
        }
    }

    /** True once a frame said "nothing follows" (Ollama {@code done:true}, OpenAI {@code [DONE]}). */
    boolean ended();

    /** True once the reply is complete (a finish reason was seen), so EOF now is not a truncation. */
    boolean complete();
}
