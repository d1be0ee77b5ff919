package dev.llmgateway.stream;

import dev.llmgateway.model.ChatChunk;

/**
 * A backend's reply passed on chunk by chunk through {@link #transform}, which may change a chunk or
 * drop it (null); pausing, resuming, cancelling and closing go to the upstream.
 */
public abstract class TransformedChatStream extends PushedChatStream {

    protected final ChatStream upstream;

    protected TransformedChatStream(ChatStream upstream) {
        this.upstream = upstream;
    }

    /** The chunk to pass on, or null for none. */
    protected abstract ChatChunk transform(ChatChunk chunk);

    @Override
    public void start(ChatSink sink) {
        upstream.start(new ChatSink() {
            @Override
            public void chunk(ChatChunk chunk) {
                ChatChunk passed = transform(chunk);
                if (passed != null) {
                    sink.chunk(passed);
                }
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

    @Override
    public void close() {
        upstream.close();
    }
}
