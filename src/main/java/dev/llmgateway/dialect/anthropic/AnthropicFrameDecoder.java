package dev.llmgateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.backend.UpstreamErrors;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.Usage;
import dev.llmgateway.stream.FrameDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the SSE stream of {@code POST /v1/messages} with {@code stream:true}: named events
 * whose data repeats the name as {@code type}, one block start/delta/stop run per content block.
 * <pre>
 * event: message_start
 * data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2}}}
 *
 * event: content_block_start
 * data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}}
 *
 * event: content_block_delta
 * data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Par"}}
 *
 * event: message_delta
 * data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}
 *
 * event: message_stop
 * data: {"type":"message_stop"}
 * </pre>
 * Tool calls get indexes counted over tool blocks only (0, 1, …), since Anthropic's block index
 * also counts text and thinking blocks and OpenAI clients expect a call's index to start at 0.
 * The usage of {@code message_delta} is cumulative; its input count comes from
 * {@code message_start}, so the finish chunk carries the whole usage. The first block's first
 * chunk also carries {@code message_start}'s usage, input and prompt-cache counts, which an
 * Anthropic client reads from the {@code message_start} the gateway writes it:
 * {@code "usage":{"input_tokens":25,"output_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":1800}}.
 */
final class AnthropicFrameDecoder implements FrameDecoder {

    /**
     * {@code {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}}: overloaded
     * is Anthropic's own 529, which generic clients do not know; 503 tells them the same (try later).
     */
    private static final Map<String, Integer> STATUS_BY_ERROR_TYPE = Map.of("overloaded_error", 503,
            "rate_limit_error", 429, "invalid_request_error", 400, "not_found_error", 404, "authentication_error", 401);

    private final String backend;
    private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
    private JsonNode startUsage;
    private boolean startUsageSent;
    private String model;
    private boolean complete;
    private boolean ended;

    AnthropicFrameDecoder(String backend) {
        this.backend = backend;
    }

    @Override
    public ChatChunk decode(String data, String event) {
        JsonNode json = FrameDecoder.json(data, backend);
        String type = event != null ? event : Json.text(json, "type");
        switch (type == null ? "" : type) {
            case "message_start":
                JsonNode message = json.path("message");
                startUsage = message.get("usage");
                model = Json.text(message, "model");
                return null;                // its usage is completed by message_delta
            case "content_block_start":
                return withStartUsage(blockStart(json.path("index").asInt(), json.path("content_block")));
            case "content_block_delta":
                return withStartUsage(blockDelta(json.path("index").asInt(), json.path("delta")));
            case "message_delta":
                FinishReason finish = finish(Json.text(json.path("delta"), "stop_reason"));
                complete |= finish != null;
                return new ChatChunk(null, null, null, finish, usage(json.get("usage"), startUsage), model);
            case "message_stop":
                ended = true;
                complete = true;
                return null;
            case "error":
                throw UpstreamErrors.streamError(backend, json.path("error"), data, STATUS_BY_ERROR_TYPE);
            default:
                return null;                // ping, content_block_stop, and event types added later
        }
    }

    /**
     * {@code {"type":"text","text":""}}, {@code {"type":"tool_use","id","name","input":{}}},
     * {@code {"type":"thinking","thinking":"","signature":""}} or, whole in its start,
     * {@code {"type":"redacted_thinking","data":"EmwKAhgBEgy…"}}; a tool call is announced with id and name at once.
     */
    private ChatChunk blockStart(int block, JsonNode content) {
        String type = String.valueOf(Json.text(content, "type"));
        if (type.equals("redacted_thinking")) {
            return new ChatChunk(null, null, null, null, null, model, null, Json.text(content, "data"), null);
        }
        if (type.equals("tool_use")) {
            int index = toolIndexByBlock.size();
            toolIndexByBlock.put(block, index);
            ToolCallDelta call = new ToolCallDelta(index, Json.text(content, "id"), Json.text(content, "name"), "");
            return new ChatChunk(null, null, List.of(call), null, null, model);
        }
        return type.equals("text") ? ChatChunk.textOrNull(Json.text(content, "text"), null, model) : null;
    }

    /**
     * text_delta, input_json_delta, thinking_delta and signature_delta, which ends its thinking block:
     * {@code {"type":"signature_delta","signature":"EqQBCgIYAhIM…"}}; citations_delta is skipped.
     */
    private ChatChunk blockDelta(int block, JsonNode delta) {
        switch (String.valueOf(Json.text(delta, "type"))) {
            case "text_delta":
                return ChatChunk.textOrNull(Json.text(delta, "text"), null, model);
            case "thinking_delta":
                return ChatChunk.textOrNull(null, Json.text(delta, "thinking"), model);
            case "signature_delta":
                String signature = Json.text(delta, "signature");
                return signature == null ? null : new ChatChunk(null, null, null, null, null, model, signature, null, null);
            case "input_json_delta":
                Integer index = toolIndexByBlock.get(block);
                String fragment = Json.text(delta, "partial_json");
                if (index == null || fragment == null || fragment.isEmpty()) {
                    return null;            // the first fragment is often ""
                }
                ToolCallDelta piece = new ToolCallDelta(index, null, null, fragment);
                return new ChatChunk(null, null, List.of(piece), null, null, model);
            default:
                return null;
        }
    }

    /**
     * message_start's usage rides on the first chunk after it rather than on one of its own: the first
     * chunk begins the client's reply, and an error event after message_start can still fail over.
     */
    private ChatChunk withStartUsage(ChatChunk chunk) {
        if (chunk == null || startUsageSent || startUsage == null) {
            return chunk;
        }
        startUsageSent = true;
        return chunk.withUsage(usage(startUsage, null));
    }

    /** end_turn, stop_sequence, pause_turn → STOP; refusal → CONTENT_FILTER; context window full → LENGTH. */
    static FinishReason finish(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "refusal" -> FinishReason.CONTENT_FILTER;
            case "model_context_window_exceeded" -> FinishReason.LENGTH;
            default -> FinishReason.fromWire(stopReason);
        };
    }

    /**
     * Anthropic's {@code input_tokens} leaves out tokens read from or written to the prompt cache;
     * OpenAI's {@code prompt_tokens} counts them, so they are added back.
     *
     * @param fallback where the input counts are when {@code usage} has none (message_start's)
     */
    static Usage usage(JsonNode usage, JsonNode fallback) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        JsonNode input = usage.hasNonNull("input_tokens") || fallback == null ? usage : fallback;
        Integer written = count(input, "cache_creation_input_tokens");
        Integer read = count(input, "cache_read_input_tokens");
        int prompt = input.path("input_tokens").asInt() + (written == null ? 0 : written) + (read == null ? 0 : read);
        return new Usage(prompt, usage.path("output_tokens").asInt(), written, read);
    }

    private static Integer count(JsonNode usage, String field) {
        return usage.hasNonNull(field) ? usage.get(field).asInt() : null;
    }

    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public boolean complete() {
        return complete;
    }
}
