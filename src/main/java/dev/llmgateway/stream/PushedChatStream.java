package dev.llmgateway.stream;

import dev.llmgateway.model.ChatChunk;

/**
 * A {@link ChatStream} whose chunks are pushed ({@link #start}); read as an {@link java.util.Iterator}
 * the first {@code hasNext()} starts it into a queue that the reader drains ({@link PulledChunks}).
 */
public abstract class PushedChatStream implements ChatStream {

    private PulledChunks pulled;

    private PulledChunks pulled() {
        if (pulled == null) {
            pulled = new PulledChunks(this);
            start(pulled);
        }
        return pulled;
    }

    @Override
    public final boolean hasNext() {
        return pulled().hasNext();
    }

    @Override
    public final ChatChunk next() {
        return pulled().next();
    }
}
