package dev.llmgateway.stream;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A body that arrives the way a slow network delivers it: 1 to 3 bytes per piece, so lines (and
 * UTF-8 characters) are split across pieces; paused until resumed, as the upstream endpoint hands
 * it over, and it honours pause while it delivers. Optionally it breaks off at its end.
 */
public final class TrickleReadStream implements ReadStream<Buffer> {

    private final byte[] bytes;
    private final Throwable breaksWith;
    private int position;
    private int pieces;
    private boolean paused = true;
    private boolean emitting;
    private boolean over;
    private boolean aborted;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;

    public TrickleReadStream(String text) {
        this(text, null);
    }

    public TrickleReadStream(String text, Throwable breaksWith) {
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
        this.breaksWith = breaksWith;
    }

    /** A streamed reply as the upstream endpoint hands it to a codec. */
    public static LiveReply liveReply(String text) {
        TrickleReadStream body = new TrickleReadStream(text);
        return new LiveReply(body, body::abort, Runnable::run);
    }

    /** A stream of chunks decoded from {@code text}, read on the caller's thread. */
    public static DecodingChatStream decode(String text, Framing framing, FrameDecoder decoder, String backend) {
        TrickleReadStream body = new TrickleReadStream(text);
        return new DecodingChatStream(body, body::abort, Runnable::run, framing, decoder, backend, null);
    }

    /** What resetting the request does: the connection closes, the body fails at once. */
    public void abort() {
        aborted = true;
        if (!over) {
            over = true;
            if (exceptionHandler != null) {
                exceptionHandler.handle(new IllegalStateException("Connection was reset"));
            }
        }
    }

    public boolean aborted() {
        return aborted;
    }

    public boolean paused() {
        return paused;
    }

    /** Bytes delivered so far. */
    public int delivered() {
        return position;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        paused = true;
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        paused = false;
        emit();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        return resume();
    }

    private void emit() {
        if (emitting) {
            return;
        }
        emitting = true;
        try {
            while (!paused && !over && position < bytes.length) {
                int n = Math.min(1 + pieces++ % 3, bytes.length - position);
                Buffer piece = Buffer.buffer(Arrays.copyOfRange(bytes, position, position + n));
                position += n;
                handler.handle(piece);
            }
            if (!paused && !over && position == bytes.length) {
                over = true;
                if (breaksWith != null) {
                    exceptionHandler.handle(breaksWith);
                } else {
                    endHandler.handle(null);
                }
            }
        } finally {
            emitting = false;
        }
    }
}
