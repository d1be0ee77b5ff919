package dev.llmgateway.dialect.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.http.ChatStreamWriter;
import dev.llmgateway.http.HttpEventStream;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.ToolCall;

/**
 * Renders one reply as Anthropic's named SSE events, with the block bookkeeping the SDKs check
 * (they fail on a delta for a block that was never started, or on indexes that skip):
 * {@code message_start}; per block {@code content_block_start} /
 * {@code content_block_delta} / {@code content_block_stop} with consecutive indexes;
 * {@code message_delta} with {@code stop_reason} and the output tokens; {@code message_stop}.
 * <pre>
 * event: content_block_delta
 * data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}
 * </pre>
 * An Anthropic backend's thinking keeps its blocks: a {@code signature_delta} ends the thinking
 * block it signs, a {@code redacted_thinking} block is sent whole in its start, as Anthropic sends them:
 * <pre>
 * data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM…"}}
 * data: {"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy…"}}
 * </pre>
 * Text and thinking stream as they come; tool calls are sent whole at the end, one
 * {@code input_json_delta} each, because blocks cannot interleave and OpenAI-compatible backends
 * may interleave the argument fragments of parallel calls.
 */
final class AnthropicStreamWriter extends ChatStreamWriter {

    private final String id;
    private int index = -1;
    private String open;

    AnthropicStreamWriter(HttpEventStream out, String id) {
        super(out);
        this.id = id;
    }

    @Override
    public void write(ChatChunk chunk, String backend, String routedModel) {
        if (opening(backend, routedModel)) {
            ObjectNode message = Json.object().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
            message.putArray("content");
            message.putNull("stop_reason").putNull("stop_sequence");
            message.set("usage", AnthropicReplies.usage(chunk.usage()));
            ObjectNode start = Json.object();
            start.set("message", message);
            send("message_start", start);
        }
        if (chunk.thinking() != null && !chunk.thinking().isEmpty()) {
            block("thinking", thinkingBlock());
            delta(Json.object().put("type", "thinking_delta").put("thinking", chunk.thinking()));
        }
        if (chunk.signature() != null) {
            block("thinking", thinkingBlock());
            delta(Json.object().put("type", "signature_delta").put("signature", chunk.signature()));
            close();                        // a thinking block that follows is another one
        }
        if (chunk.redactedThinking() != null) {
            block("redacted_thinking", Json.object().put("type", "redacted_thinking").put("data", chunk.redactedThinking()));
            close();
        }
        if (chunk.content() != null && !chunk.content().isEmpty()) {
            block("text", Json.object().put("type", "text").put("text", ""));
            delta(Json.object().put("type", "text_delta").put("text", chunk.content()));
        }
    }

    @Override
    public void finish(ChatResponse reply) {
        if (!out.started()) {
            write(new ChatChunk(null, null, null, null, null, null), "", "");
        }
        for (ToolCall call : reply.message().toolCalls()) {
            ObjectNode use = AnthropicReplies.toolUse(call);
            use.putObject("input");
            close();
            open = "tool_use";
            send("content_block_start", Json.object().put("index", ++index).set("content_block", use));
            delta(Json.object().put("type", "input_json_delta").put("partial_json", Json.write(AnthropicMessages.input(call.arguments()))));
        }
        close();
        ObjectNode end = Json.object();
        end.putObject("delta").put("stop_reason", AnthropicReplies.stopReason(reply.finishReason())).putNull("stop_sequence");
        end.set("usage", AnthropicReplies.usage(reply.usage()));
        send("message_delta", end);
        send("message_stop", Json.object());
        out.end();
    }

    @Override
    public void fail(GatewayException error) {
        out.endWith(frame("error", AnthropicReplies.error(error)));
    }

    /**
     * As Anthropic starts one: the SDKs build their thinking block from the start, where the signature
     * is a required field; a signature_delta fills it in (only Anthropic backends send one).
     */
    private static ObjectNode thinkingBlock() {
        return Json.object().put("type", "thinking").put("thinking", "").put("signature", "");
    }
    /** Opens a block of this kind unless one is open already. */
    private void block(String kind, ObjectNode contentBlock) {
        if (kind.equals(open)) {
            return;
        }
        close();
        open = kind;
        send("content_block_start", Json.object().put("index", ++index).set("content_block", contentBlock));
    }

    private void delta(ObjectNode delta) {
        send("content_block_delta", Json.object().put("index", index).set("delta", delta));
    }

    private void close() {
        if (open != null) {
            send("content_block_stop", Json.object().put("index", index));
            open = null;
        }
    }

    private void send(String event, ObjectNode data) {
        out.write(frame(event, data));
    }

    private static String frame(String event, ObjectNode data) {
        ObjectNode typed = Json.object().put("type", event);
        typed.setAll(data);
        return "event: " + event + "\ndata: " + Json.write(typed) + "\n\n";
    }
}
