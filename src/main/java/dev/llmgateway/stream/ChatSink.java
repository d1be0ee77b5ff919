package dev.llmgateway.stream;

import dev.llmgateway.model.ChatChunk;

/**
 * Receives a {@link ChatStream} pushed to it: each chunk the moment it is decoded, then exactly one
 * of {@link #end} or {@link #fail}. Called on the thread that read the upstream (a Vert.x event
 * loop), so it must not block: a sink that cannot keep up pauses the stream instead.
 */
public interface ChatSink {

    void chunk(ChatChunk chunk);

    /** The reply is complete (or was cancelled, after a chunk of finish reason CANCELLED). */
    void end();

    /** The reply broke off: a time limit, a broken connection, a truncated stream, an error frame. */
    void fail(RuntimeException error);
}
