package dev.llmgateway.telemetry;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.stream.ChatStream;
import dev.llmgateway.stream.TransformedChatStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A backend's reply stream that notes each chunk in the {@link RequestRecord} as it passes (first
 * token, usage, finish reason) and counts as an open stream until closed.
 */
final class ObservedChatStream extends TransformedChatStream {

    private final RequestRecord record;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    ObservedChatStream(ChatStream upstream, RequestRecord record, Runnable onClose) {
        super(upstream);
        this.record = record;
        this.onClose = onClose;
    }

    @Override
    protected ChatChunk transform(ChatChunk chunk) {
        record.seen(chunk, System.nanoTime());
        return chunk;
    }

    /** Idempotent: the front door closes it after relaying, the request's completion once more. */
    @Override
    public void close() {
        try {
            upstream.close();
        } finally {
            if (closed.compareAndSet(false, true)) {
                onClose.run();
            }
        }
    }
}
