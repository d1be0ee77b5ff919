package dev.llmgateway.stream;

import dev.llmgateway.model.ChatChunk;
import java.util.Iterator;
import java.util.List;

/** A reply that was read whole before anyone asked for it: pushed at once, or iterated. */
final class CompleteChatStream implements ChatStream {

    private final Iterator<ChatChunk> chunks;

    CompleteChatStream(List<ChatChunk> chunks) {
        this.chunks = chunks.iterator();
    }

    @Override
    public void start(ChatSink sink) {
        chunks.forEachRemaining(sink::chunk);
        sink.end();
    }

    @Override
    public boolean hasNext() {
        return chunks.hasNext();
    }

    @Override
    public ChatChunk next() {
        return chunks.next();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
