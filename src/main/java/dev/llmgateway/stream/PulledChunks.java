package dev.llmgateway.stream;

import dev.llmgateway.model.ChatChunk;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The {@link Iterator} view of a pushed {@link ChatStream}, for a reader on a thread of its own:
 * the chunks wait in a queue, and the stream is paused while {@value #HIGH} of them wait, so a slow
 * reader holds a few chunks, not the whole reply. {@code hasNext()} waits for the next chunk; a
 * failure of the stream is thrown from it.
 */
final class PulledChunks implements ChatSink, Iterator<ChatChunk> {

    private static final int HIGH = 64;
    private static final int LOW = 16;
    private static final Object END = new Object();

    private final ChatStream stream;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private int waiting;                // chunks in the queue; guarded by this
    private boolean paused;             // guarded by this
    private Object next;
    private boolean over;

    PulledChunks(ChatStream stream) {
        this.stream = stream;
    }

    @Override
    public void chunk(ChatChunk chunk) {
        queue.add(chunk);
        synchronized (this) {
            if (++waiting >= HIGH && !paused) {
                paused = true;
                stream.pause();
            }
        }
    }

    @Override
    public void end() {
        queue.add(END);
    }

    @Override
    public void fail(RuntimeException error) {
        queue.add(error);
    }

    @Override
    public boolean hasNext() {
        if (over) {
            return false;
        }
        if (next == null) {
            next = take();
        }
        if (next == END) {
            over = true;
            return false;
        }
        if (next instanceof RuntimeException failure) {
            over = true;
            throw failure;
        }
        return true;
    }

    @Override
    public ChatChunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ChatChunk chunk = (ChatChunk) next;
        next = null;
        synchronized (this) {
            if (--waiting <= LOW && paused) {
                paused = false;
                stream.resume();
            }
        }
        return chunk;
    }

    private Object take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.cancel();
            return new ClientGoneException("the reader of the reply was interrupted");
        }
    }
}
