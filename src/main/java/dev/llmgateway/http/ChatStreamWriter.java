package dev.llmgateway.http;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.stream.ChatStream;

/**
 * Writes one streamed reply in a front door's framing (OpenAI SSE, Ollama NDJSON, Anthropic's
 * named events) onto the client's connection, chunk by chunk as the backend sends them.
 */
public abstract class ChatStreamWriter {

    protected final HttpEventStream out;
    /** The model the request was routed to, as the reply names it; known from the first chunk on. */
    protected String model = "";

    protected ChatStreamWriter(HttpEventStream out) {
        this.out = out;
    }

    /**
     * Until the stream has begun: the response's {@code X-LLM-Backend} header names the backend, and
     * {@link #model} is the routed model. True then, for a writer's opening frames.
     */
    protected final boolean opening(String backend, String routedModel) {
        if (out.started()) {
            return false;
        }
        out.header("X-LLM-Backend", backend);
        model = routedModel;
        return true;
    }

    /** One chunk of the backend's reply; the first one brings the backend and model it was routed to. */
    public abstract void write(ChatChunk chunk, String backend, String routedModel);

    /** After the backend's last chunk: the dialect's closing frames (finish reason, usage, end marker). */
    public abstract void finish(ChatResponse reply);

    /** A failure after the stream began: the dialect's error frame, then the stream ends cleanly. */
    public abstract void fail(GatewayException error);

    /** Stops reading the backend as soon as the client disconnects, not only at the next write. */
    public final void cancelOnDisconnect(ChatStream upstream) {
        out.onClientGone(upstream::cancel);
    }

    /**
     * After a write: while the client cannot take more, the backend is not read either (its
     * connection's window fills and it stops sending), until the client has caught up.
     */
    public final void pauseWhileFull(ChatStream upstream) {
        if (out.full()) {
            upstream.pause();
            out.onDrain(upstream::resume);
        }
    }

    /** Whether the response has begun, after which an error can only be a frame of the stream. */
    public final boolean started() {
        return out.started();
    }
}
