package dev.llmgateway.dialect.lmstudio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.backend.UpstreamErrors;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Usage;
import dev.llmgateway.stream.FrameDecoder;
import java.util.Map;

/**
 * Decodes the SSE stream of LM Studio's {@code POST /api/v1/chat} with {@code stream:true}
 * (docs: rest/streaming-events.md), named events whose data repeats the name as {@code type}:
 * <pre>
 * event: chat.start
 * data: {"type":"chat.start","model_instance_id":"qwen/qwen3-8b"}
 *
 * event: reasoning.delta
 * data: {"type":"reasoning.delta","content":"The user greets me."}
 *
 * event: message.delta
 * data: {"type":"message.delta","content":"Hel"}
 *
 * event: chat.end
 * data: {"type":"chat.end","result":{"model_instance_id":"qwen/qwen3-8b","output":[…],
 *        "stats":{"input_tokens":12,"total_output_tokens":9,"reasoning_output_tokens":5}}}
 * </pre>
 * Only the deltas carry text. {@code chat.end} repeats the whole reply, so only its usage is
 * taken, and it is the one sign of a complete reply: a stream that stops before it is truncated.
 * An {@code error} event fails the stream at once, although LM Studio still sends
 * {@code chat.end} with the partial reply after it. Load, prompt-processing, start/end and
 * tool-call events (server-side MCP tools, never enabled by the gateway) are skipped.
 */
final class LmStudioFrameDecoder implements FrameDecoder {

    /**
     * {@code {"type":"error","error":{"type":"model_not_found","message":"…","code":"…","param":"model"}}}:
     * a wrong model reads as the client's mistake.
     */
    private static final Map<String, Integer> STATUS_BY_ERROR_TYPE = Map.of("invalid_request", 400, "model_not_found", 404);

    private final String backend;
    private boolean ended;

    LmStudioFrameDecoder(String backend) {
        this.backend = backend;
    }

    @Override
    public ChatChunk decode(String data, String event) {
        JsonNode json = FrameDecoder.json(data, backend);
        String type = event != null ? event : Json.text(json, "type");
        switch (type == null ? "" : type) {
            case "message.delta":
                return ChatChunk.textOrNull(Json.text(json, "content"), null, null);
            case "reasoning.delta":
                return ChatChunk.textOrNull(null, Json.text(json, "content"), null);
            case "error":
                throw UpstreamErrors.streamError(backend, json.path("error"), data, STATUS_BY_ERROR_TYPE);
            case "chat.end":
                ended = true;
                JsonNode result = json.path("result");
                return new ChatChunk(null, null, null, finish(result), usage(result),
                        Json.text(result, "model_instance_id"));
            default:
                return null;
        }
    }


    /**
     * The v1 docs list no stop reason; v0 sent {@code stats.stop_reason} with the SDK's names
     * ({@code eosFound}, {@code maxPredictedTokensReached}, …), so it is honoured if present.
     */
    static FinishReason finish(JsonNode result) {
        String reason = Json.text(result.path("stats"), "stop_reason");
        return "maxPredictedTokensReached".equals(reason) || "contextLengthReached".equals(reason)
                ? FinishReason.LENGTH : FinishReason.STOP;
    }

    /** {@code total_output_tokens} includes the reasoning tokens, as OpenAI's completion_tokens do. */
    static Usage usage(JsonNode result) {
        JsonNode stats = result.get("stats");
        if (stats == null || !stats.isObject()) {
            return null;
        }
        return new Usage(stats.path("input_tokens").asInt(), stats.path("total_output_tokens").asInt());
    }

    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public boolean complete() {
        return ended;
    }
}
