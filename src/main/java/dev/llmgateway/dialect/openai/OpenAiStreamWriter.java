package dev.llmgateway.dialect.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.http.ChatStreamWriter;
import dev.llmgateway.http.HttpEventStream;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Ids;
import dev.llmgateway.model.ToolCallDelta;
import java.util.HashSet;
import java.util.Set;

/**
 * Renders one reply as OpenAI's SSE stream, exactly as OpenAI frames it:
 * <pre>
 * data: {"id":"chatcmpl-…","object":"chat.completion.chunk","created":1700000000,"model":"qwen3","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"logprobs":null,"finish_reason":null}]}
 * data: {"id":"chatcmpl-…",…,"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}
 * data: {"id":"chatcmpl-…",…,"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}
 * data: [DONE]
 * </pre>
 * Every tool call's first delta carries {@code index}, {@code id}, {@code type} and {@code name}
 * (the OpenAI SDKs drop a call whose first delta lacks one); the usage chunk is sent only when the
 * client asked for it.
 */
final class OpenAiStreamWriter extends ChatStreamWriter {

    private final String id = Ids.random("chatcmpl-");
    private final long created = System.currentTimeMillis() / 1000;
    private final boolean includeUsage;
    private String model = "";
    private final Set<Integer> announcedCalls = new HashSet<>();
    private boolean roleSent;
    private boolean finishSent;

    OpenAiStreamWriter(HttpEventStream out, boolean includeUsage) {
        super(out);
        this.includeUsage = includeUsage;
    }

    /** Routing happens after the writer is bound: the first chunk brings backend and model. */
    @Override
    public void write(ChatChunk chunk, String backend, String routedModel) {
        if (!out.started()) {
            out.header("X-LLM-Backend", backend);
            model = routedModel;
        }
        write(chunk);
    }

    void write(ChatChunk chunk) {
        if (!chunk.hasText() && chunk.toolCalls().isEmpty() && chunk.finishReason() == null) {
            return;                                   // usage only: sent at the end
        }
        ObjectNode event = envelope();
        ObjectNode choice = event.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (!roleSent) {
            delta.put("role", "assistant");
            roleSent = true;
        }
        Json.putIfSet(delta, "content", chunk.content());
        Json.putIfSet(delta, "reasoning_content", chunk.thinking());
        if (!chunk.toolCalls().isEmpty()) {
            ArrayNode calls = delta.putArray("tool_calls");
            chunk.toolCalls().forEach(call -> calls.add(toolCallDelta(call)));
        }
        choice.putNull("logprobs");
        if (chunk.finishReason() != null && !finishSent) {
            choice.put("finish_reason", chunk.finishReason().openAiName());
            finishSent = true;
        } else {
            choice.putNull("finish_reason");
        }
        send(event);
    }

    private ObjectNode toolCallDelta(ToolCallDelta call) {
        ObjectNode node = Json.object().put("index", call.index());
        if (announcedCalls.add(call.index())) {
            node.put("id", call.id() != null ? call.id() : Ids.toolCall()).put("type", "function");
            node.putObject("function").put("name", call.name()).put("arguments",
                    call.arguments() == null ? "" : call.arguments());
        } else {
            node.putObject("function").put("arguments", call.arguments() == null ? "" : call.arguments());
        }
        return node;
    }

    /** After the last upstream chunk: the finish (if the upstream sent none), usage, [DONE]. */
    @Override
    public void finish(ChatResponse reply) {
        if (!finishSent) {
            write(new ChatChunk(null, null, null, reply.finishReason() == null ? FinishReason.STOP
                    : reply.finishReason(), null, null));
        }
        if (includeUsage && reply.usage() != null) {
            ObjectNode event = envelope();
            event.putArray("choices");
            event.set("usage", OpenAiWire.writeUsage(reply.usage()));
            send(event);
        }
        out.write("data: [DONE]\n\n");
        out.end();
    }

    /** A failure after the stream began: one error event, then the stream ends cleanly. */
    @Override
    public void fail(GatewayException error) {
        out.endWith("data: " + Json.write(OpenAiChatApi.errorBody(error)) + "\n\n", "data: [DONE]\n\n");
    }



    private ObjectNode envelope() {
        ObjectNode event = Json.object().put("id", id).put("object", "chat.completion.chunk")
                .put("created", created).put("model", model);
        if (includeUsage) {
            event.putNull("usage");
        }
        return event;
    }

    private void send(ObjectNode event) {
        out.write("data: " + Json.write(event) + "\n\n");
    }
}
