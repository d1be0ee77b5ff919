package dev.llmgateway.telemetry;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.stream.ChatStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A backend's reply stream that notes each chunk in the {@link RequestRecord} as the front door
 * relays it (first token, usage, finish reason) and counts as an open stream until closed.
 */
final class ObservedChatStream implements ChatStream {

    private final ChatStream upstream;
    private final RequestRecord record;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    ObservedChatStream(ChatStream upstream, RequestRecord record, Runnable onClose) {
        this.upstream = upstream;
        this.record = record;
        this.onClose = onClose;
    }

    @Override
    public boolean hasNext() {
        return upstream.hasNext();
    }

    @Override
    public ChatChunk next() {
        ChatChunk chunk = upstream.next();
        record.seen(chunk, System.nanoTime());
        return chunk;
    }

    @Override
    public void cancel() {
        upstream.cancel();
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
