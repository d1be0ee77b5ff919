package dev.llmgateway.telemetry;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.stream.ChatSink;
import dev.llmgateway.stream.ChatStream;
import dev.llmgateway.stream.PushedChatStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A backend's reply stream that notes each chunk in the {@link RequestRecord} as it passes (first
 * token, usage, finish reason) and counts as an open stream until closed.
 */
final class ObservedChatStream extends PushedChatStream {

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
    public void start(ChatSink sink) {
        upstream.start(new ChatSink() {
            @Override
            public void chunk(ChatChunk chunk) {
                record.seen(chunk, System.nanoTime());
                sink.chunk(chunk);
            }

            @Override
            public void end() {
                sink.end();
            }

            @Override
            public void fail(RuntimeException error) {
                sink.fail(error);
            }
        });
    }

    @Override
    public void pause() {
        upstream.pause();
    }

    @Override
    public void resume() {
        upstream.resume();
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
