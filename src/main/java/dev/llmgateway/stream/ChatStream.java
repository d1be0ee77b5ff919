package dev.llmgateway.stream;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import java.io.Closeable;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The reply of a backend as a sequence of {@link ChatChunk}s, the body {@code direct:llm-chat}
 * returns. It is read one of two ways, never both:
 * <ul>
 *   <li>pushed: {@link #start} hands each chunk to a {@link ChatSink} on the thread that read it from
 *       the upstream, and {@link #pause} / {@link #resume} stop and restart reading the upstream
 *       while the client cannot take more (backpressure);</li>
 *   <li>pulled, for a host that reads on a thread of its own: as an {@link Iterator}, whose
 *       {@code hasNext()} waits for the next chunk, or with {@link #relay}.</li>
 * </ul>
 * Closing it releases the upstream connection.
 */
public interface ChatStream extends Iterator<ChatChunk>, Closeable {

    /** Starts pushing the chunks to {@code sink}; once, and not after the stream was read as an Iterator. */
    void start(ChatSink sink);

    /** Stops reading the upstream until {@link #resume}; from any thread. */
    default void pause() {
    }

    default void resume() {
    }

    @Override
    void close();

    /**
     * Stops the reply from any thread: the upstream connection is released at once and the stream
     * ends with a chunk of finish reason CANCELLED. Streams that are already complete ignore it.
     */
    default void cancel() {
        close();
    }

    /**
     * Pushes every chunk to {@code each} on the thread that read it (so {@code each} must not block)
     * and completes with the aggregate of all of them, or with the failure: the stream's, or one that
     * {@code each} threw, which stops the upstream call. The stream is closed when it completes.
     */
    default CompletableFuture<ChatResponse> forEach(Consumer<ChatChunk> each) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        ChatAggregator aggregator = new ChatAggregator();
        start(new ChatSink() {
            @Override
            public void chunk(ChatChunk chunk) {
                if (done.isDone()) {
                    return;
                }
                try {
                    aggregator.append(chunk);
                    each.accept(chunk);
                } catch (RuntimeException stop) {
                    close();
                    done.completeExceptionally(stop);
                }
            }

            @Override
            public void end() {
                close();
                try {
                    done.complete(aggregator.build());
                } catch (RuntimeException invalid) {
                    done.completeExceptionally(invalid);
                }
            }

            @Override
            public void fail(RuntimeException error) {
                close();
                done.completeExceptionally(error);
            }
        });
        return done;
    }

    /**
     * Waits for every chunk, hands each to {@code sink} the moment it is decoded, and returns the
     * aggregate of all of them; for callers on a thread of their own.
     */
    default ChatResponse relay(Consumer<ChatChunk> sink) {
        ChatAggregator aggregator = new ChatAggregator();
        try (this) {
            while (hasNext()) {
                ChatChunk chunk = next();
                aggregator.append(chunk);
                sink.accept(chunk);
            }
        }
        return aggregator.build();
    }

    /** A reply that is already complete, e.g. the answer of a non-streaming upstream call. */
    static ChatStream of(List<ChatChunk> chunks) {
        return new CompleteChatStream(List.copyOf(chunks));
    }
}
