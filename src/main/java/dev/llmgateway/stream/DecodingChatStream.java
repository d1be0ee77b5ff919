package dev.llmgateway.stream;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link ChatStream} over a live upstream body: the bytes are cut into lines and frames
 * ({@link Framing}) and turned into chunks by a dialect's {@link FrameDecoder} as they arrive, each
 * chunk pushed on the thread that read it. A body that ends before the reply is complete is
 * reported as an error, never passed off as a short answer.
 */
public final class DecodingChatStream extends PushedChatStream {

    private final ReadStream<Buffer> body;
    private final Runnable abort;
    private final Executor onReaderThread;
    private final LineSplitter lines = new LineSplitter();
    private final Framing.Parser frames;
    private final FrameDecoder decoder;
    private final String backend;
    private final UpstreamCall call;
    private final AtomicBoolean over = new AtomicBoolean();     // the sink was told end or fail, or nothing more is told
    private ChatSink sink;
    private boolean decoderEnded;
    private volatile boolean bodyEnded;
    private volatile boolean cancelled;

    /**
     * @param body           the upstream body, paused until {@link #start}
     * @param abort          stops the upstream call at once (e.g. resets the HTTP request)
     * @param onReaderThread runs a task on the thread that reads {@code body} (its Vert.x context),
     *                       so that every change of the stream's state happens on that one thread
     * @param call           the backend call this reply belongs to, whose idle and total limits it
     *                       keeps (each piece of the body counts as progress), or null for none
     */
    public DecodingChatStream(ReadStream<Buffer> body, Runnable abort, Executor onReaderThread, Framing framing,
                              FrameDecoder decoder, String backend, UpstreamCall call) {
        this.body = body;
        this.abort = abort;
        this.onReaderThread = onReaderThread;
        this.frames = framing.parser();
        this.decoder = decoder;
        this.backend = backend;
        this.call = call;
    }

    @Override
    public void start(ChatSink sink) {
        this.sink = sink;
        onReaderThread.execute(() -> {
            body.exceptionHandler(this::broken);
            body.endHandler(end -> ended());
            body.handler(this::received);
            body.resume();
        });
    }

    @Override
    public void pause() {
        onReaderThread.execute(body::pause);
    }

    @Override
    public void resume() {
        onReaderThread.execute(body::resume);
    }

    private void received(Buffer piece) {
        if (over.get()) {
            return;                               // what follows the decoder's end is read and dropped
        }
        if (call != null) {
            call.progressed();
        }
        try {
            lines.feed(piece.getBytes(), this::line);
        } catch (IOException | GatewayException e) {
            fail(e instanceof GatewayException known ? known : brokeOff(e));
            stop();                               // the rest of the reply is of no use
        }
    }

    private void line(String line) {
        Framing.Frame frame = frames.line(line);
        if (frame != null) {
            frame(frame);
        }
    }

    private void frame(Framing.Frame frame) {
        if (decoderEnded) {
            return;
        }
        ChatChunk chunk = decoder.decode(frame.data(), frame.event());
        if (chunk != null && !over.get()) {
            sink.chunk(chunk);
        }
        if (decoder.ended()) {
            decoderEnded = true;
            end();
        }
    }

    private void ended() {
        bodyEnded = true;
        if (over.get()) {
            return;
        }
        try {
            String last = lines.finish();
            if (last != null) {
                line(last);
            }
            Framing.Frame open = frames.end();
            if (open != null) {
                frame(open);
            }
        } catch (GatewayException e) {
            fail(e);
            return;
        }
        if (cancelled) {
            cancelledEnd();
        } else if (call != null && call.overdue() != null) {
            fail(call.overdue());
        } else if (!decoder.complete()) {
            fail(GatewayException.upstream(backend, 502, "the stream ended before the reply was complete"));
        } else {
            end();
        }
    }

    private void broken(Throwable failure) {
        if (cancelled) {
            cancelledEnd();
        } else if (call != null && call.overdue() != null) {
            fail(call.overdue());                 // a time limit ended the read
        } else {
            fail(UpstreamFailures.isReadTimeout(failure)
                    ? new GatewayException(504, "timeout", "backend_timeout", "backend '" + backend
                            + "' sent nothing for longer than its read timeout: " + failure.getMessage())
                    : brokeOff(failure));
        }
    }

    private GatewayException brokeOff(Throwable failure) {
        return GatewayException.upstream(backend, 502, "the stream broke off: " + failure.getMessage());
    }

    private void end() {
        if (over.compareAndSet(false, true)) {
            finished();
            sink.end();
        }
    }

    private void fail(RuntimeException error) {
        if (over.compareAndSet(false, true)) {
            finished();
            sink.fail(error);
        }
    }

    private void cancelledEnd() {
        if (over.compareAndSet(false, true)) {
            finished();
            sink.chunk(new ChatChunk(null, null, null, FinishReason.CANCELLED, null, null));
            sink.end();
        }
    }

    private void finished() {
        if (call != null) {
            call.finished();
        }
    }

    /** Stops the upstream call: through its {@link UpstreamCall} when it has one, which then knows why. */
    private void stop() {
        if (call != null) {
            call.cancel();
        } else {
            abort.run();
        }
    }

    /**
     * From any thread: stops the upstream call at once, and the reply ends with one chunk of finish
     * reason {@link FinishReason#CANCELLED}.
     */
    @Override
    public void cancel() {
        if (over.get()) {
            return;
        }
        cancelled = true;
        stop();
        if (sink != null) {
            onReaderThread.execute(this::cancelledEnd);
        }
    }

    /**
     * Releases the upstream call; nothing more reaches the sink. A reply that is not over is aborted:
     * reading it to its end would make the backend generate everything that is left. Once the
     * decoder saw the end, the little that may follow is read and dropped, so the connection can
     * serve another call.
     */
    @Override
    public void close() {
        boolean wasOver = over.getAndSet(true);
        finished();
        if (!wasOver && !bodyEnded) {
            abort.run();
        }
    }
}
