package dev.llmgateway.stream;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import java.io.Closeable;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The reply of a backend as a sequence of {@link ChatChunk}s, read lazily: {@code hasNext()} blocks
 * until the next upstream frame arrives. This is the body {@code direct:llm-chat} returns. Closing
 * it releases the upstream connection.
 */
public interface ChatStream extends Iterator<ChatChunk>, Closeable {

    @Override
    void close();

    /**
     * Stops the reply from another thread: the upstream connection is released at once and the
     * stream ends with a chunk of finish reason CANCELLED. Streams that are already complete ignore it.
     */
    default void cancel() {
        close();
    }

    /**
     * Hands every chunk to {@code sink} the moment it is decoded and returns the aggregate of all
     * of them. (A Camel split would look one chunk ahead to know which is last, holding every token
     * back until the next one arrives.)
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
        Iterator<ChatChunk> it = List.copyOf(chunks).iterator();
        return new ChatStream() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public ChatChunk next() {
                return it.next();
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
    }
}
