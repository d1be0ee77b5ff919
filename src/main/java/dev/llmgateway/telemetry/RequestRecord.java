package dev.llmgateway.telemetry;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Usage;
import dev.llmgateway.stream.ChatStream;

/**
 * What one chat request did, for its metrics and its log line: filled in by the front door
 * ({@link RequestTelemetry#begin}), the chunks as they pass ({@link ObservedChatStream}) and
 * {@code Failures} when it fails. Kept in the request's {@code RequestContext}; written by the
 * one thread that relays the reply, read when the exchange completes.
 */
public final class RequestRecord {

    private final String id;
    private final String ingress;
    private final String path;
    private final long startNanos;
    private volatile Boolean streamed;      // null until routed
    private volatile long firstTokenNanos;
    private volatile Usage usage;
    private volatile FinishReason finishReason;
    private volatile GatewayException failure;
    private volatile ChatStream observed;
    private volatile String responseModel;
    private volatile RequestSpan span;

    RequestRecord(String id, String ingress, String path, long startNanos) {
        this.id = id;
        this.ingress = ingress;
        this.path = path;
        this.startNanos = startNanos;
    }

    public String id() {
        return id;
    }

    public String ingress() {
        return ingress;
    }

    /** The HTTP path the request came to ({@code /v1/embeddings}), or null (WebSocket). */
    String path() {
        return path;
    }

    /** The request failed with this error (as the client was told). */
    public void failed(GatewayException error) {
        failure = error;
    }

    /** The backend's reply as the front door reads it; closed again when the request completes. */
    ChatStream observe(ChatStream stream) {
        observed = stream;
        return stream;
    }

    ChatStream observed() {
        return observed;
    }

    void streamed(boolean value) {
        streamed = value;
    }

    /** One decoded chunk: the first token starts TTFT; usage and finish reason: the last wins. */
    void seen(ChatChunk chunk, long nowNanos) {
        if (firstTokenNanos == 0 && (chunk.hasText() || !chunk.toolCalls().isEmpty())) {
            firstTokenNanos = nowNanos;
        }
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        if (chunk.finishReason() != null) {
            finishReason = chunk.finishReason();
        }
        if (responseModel == null && chunk.model() != null) {
            responseModel = chunk.model();
        }
    }

    /** The model the backend says answered, or null (embeddings, or a backend that does not say). */
    String responseModel() {
        return responseModel;
    }

    void traced(RequestSpan value) {
        span = value;
    }

    /** The request's span; null when it is not traced. */
    RequestSpan span() {
        return span;
    }

    /** The tokens a whole answer counted (embeddings: no chunks pass). */
    public void counted(Usage value) {
        usage = value;
    }

    long startNanos() {
        return startNanos;
    }

    /** Whether the backend was asked for a stream; null when the request failed before routing. */
    Boolean streamedUpstream() {
        return streamed;
    }

    /** Nanoseconds from the request's arrival to its first token; -1 without one. */
    long timeToFirstTokenNanos() {
        return firstTokenNanos == 0 ? -1 : firstTokenNanos - startNanos;
    }

    Usage usage() {
        return usage;
    }

    FinishReason finishReason() {
        return finishReason;
    }

    GatewayException failure() {
        return failure;
    }

    /** 200, or the status of the error the client was given (also after a stream had begun). */
    int status() {
        return failure == null ? 200 : failure.status();
    }

    /** A small fixed set, fit for a metric tag: ok, cancelled, client_error, error. */
    String outcome() {
        if (failure == null) {
            return finishReason == FinishReason.CANCELLED ? "cancelled" : "ok";
        }
        if (failure.status() == 499) {
            return "cancelled";             // the client went away mid-stream
        }
        return failure.status() < 500 ? "client_error" : "error";
    }
}
