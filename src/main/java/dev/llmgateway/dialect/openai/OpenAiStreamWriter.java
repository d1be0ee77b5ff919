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

    private final String id;
    private final long created = System.currentTimeMillis() / 1000;
    private final boolean includeUsage;
    private final boolean textCompletion;
    private final Set<Integer> announcedCalls = new HashSet<>();
    private boolean roleSent;
    private boolean finishSent;

    OpenAiStreamWriter(HttpEventStream out, boolean includeUsage) {
        this(out, includeUsage, false);
    }

    /**
     * {@code textCompletion}: the stream of {@code /v1/completions}, whose choices carry
     * {@code text} rather than a delta (and no reasoning, no tool calls):
     * {@code data: {"id":"cmpl-…","object":"text_completion","created":…,"model":"…","choices":[{"text":"Hel","index":0,"logprobs":null,"finish_reason":null}]}}
     */
    OpenAiStreamWriter(HttpEventStream out, boolean includeUsage, boolean textCompletion) {
        super(out);
        this.includeUsage = includeUsage;
        this.textCompletion = textCompletion;
        this.id = Ids.random(textCompletion ? "cmpl-" : "chatcmpl-");
    }

    /** Routing happens after the writer is bound: the first chunk brings backend and model. */
    @Override
    public void write(ChatChunk chunk, String backend, String routedModel) {
        opening(backend, routedModel);
        write(chunk);
    }

    /**
     * A backend chunk that brings text or tool calls and the end of the reply at once becomes two
     * events, as OpenAI sends them: the delta, then an empty delta with the finish reason (stream
     * helpers that close the tool calls on a finish reason otherwise close only one of several).
     */
    void write(ChatChunk chunk) {
        if (textCompletion) {
            if (chunk.content() != null && !chunk.content().isEmpty()) {
                send(textEvent(chunk.content(), null));
            }
            if (chunk.finishReason() != null && !finishSent) {
                finishSent = true;
                send(textEvent("", chunk.finishReason().openAiName()));
            }
            return;
        }
        if (chunk.hasText() || !chunk.toolCalls().isEmpty()) {
            ObjectNode event = envelope();
            ObjectNode delta = addChoice(event, null);
            Json.putIfSet(delta, "content", chunk.content());
            Json.putIfSet(delta, "reasoning_content", chunk.thinking());
            if (!chunk.toolCalls().isEmpty()) {
                ArrayNode calls = delta.putArray("tool_calls");
                chunk.toolCalls().forEach(call -> calls.add(toolCallDelta(call)));
            }
            send(event);
        }
        if (chunk.finishReason() != null && !finishSent) {
            finishSent = true;
            ObjectNode event = envelope();
            addChoice(event, chunk.finishReason().openAiName());
            send(event);
        }
    }

    private ObjectNode textEvent(String text, String finishReason) {
        ObjectNode event = envelope();
        ObjectNode choice = event.putArray("choices").addObject().put("text", text).put("index", 0);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);          // null until the last event
        return event;
    }

    /** The event's one choice; its delta, empty but for the role in the first event of the stream. */
    private ObjectNode addChoice(ObjectNode event, String finishReason) {
        ObjectNode choice = event.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (!roleSent) {
            delta.put("role", "assistant");
            roleSent = true;
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);          // null until the last event
        return delta;
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

    /**
     * A failure after the stream began: one event named {@code error}, as OpenAI marks its own stream
     * errors, and no {@code [DONE]}; the stream ends there. SDKs raise it (openai-java and
     * openai-python on its {@code error} field too), and clients that read only the event name
     * (LangChain4j) no longer take what came before for a complete answer:
     * <pre>
     * event: error
     * data: {"error":{"message":"backend 'ollama' ended its stream before it was complete","type":"api_error","param":null,"code":"upstream_error"}}
     * </pre>
     */
    @Override
    public void fail(GatewayException error) {
        out.endWith("event: error\ndata: " + Json.write(OpenAiChatApi.errorBody(error)) + "\n\n");
    }



    private ObjectNode envelope() {
        ObjectNode event = Json.object().put("id", id).put("object", textCompletion ? "text_completion" : "chat.completion.chunk")
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
