package dev.llmgateway.stream;

import dev.llmgateway.model.ChatChunk;
import java.io.Closeable;
import java.util.Iterator;
import java.util.List;

/**
 * The reply of a backend as a sequence of {@link ChatChunk}s, read lazily: {@code hasNext()} blocks
 * until the next upstream frame arrives. This is the body {@code direct:llm-chat} returns, and what
 * the ingress routes split, forward and aggregate. Closing it releases the upstream connection.
 */
public interface ChatStream extends Iterator<ChatChunk>, Closeable {

    @Override
    void close();

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
