package dev.llmgateway.stream;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.NoSuchElementException;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * A {@link ChatStream} over a live upstream body: frames are read with a {@link Framing} and
 * turned into chunks by a dialect's {@link FrameDecoder} one at a time, so each chunk is available
 * the moment its line arrives. A body that ends before the reply is complete is reported as an
 * error, never passed off as a short answer.
 */
public final class DecodingChatStream implements ChatStream {

    private final InputStream body;
    private final LineReader reader;
    private final Framing framing;
    private final FrameDecoder decoder;
    private final String backend;
    private final UpstreamCall call;
    private ChatChunk next;
    private boolean done;
    private volatile boolean cancelled;

    public DecodingChatStream(InputStream body, Framing framing, FrameDecoder decoder, String backend) {
        this(body, framing, decoder, backend, null);
    }

    /**
     * @param call the backend call this reply belongs to, whose idle and total limits it keeps (each
     *             frame counts as progress), or null for a reply without limits
     */
    public DecodingChatStream(InputStream body, Framing framing, FrameDecoder decoder, String backend, UpstreamCall call) {
        this.body = body;
        this.reader = new LineReader(body);
        this.framing = framing;
        this.decoder = decoder;
        this.backend = backend;
        this.call = call;
        if (call != null) {
            call.onAbort(this::abort);
        }
    }

    private GatewayException overdue() {
        return call == null ? null : call.overdue();
    }

    @Override
    public boolean hasNext() {
        while (next == null && !done) {
            Framing.Frame frame = cancelled ? null : readFrame();
            if (cancelled) {
                done = true;
                next = new ChatChunk(null, null, null, FinishReason.CANCELLED, null, null);
                close();
                break;
            }
            if (frame == null) {
                done = true;
                close();
                if (overdue() != null) {
                    throw overdue();
                }
                if (!decoder.complete()) {
                    throw GatewayException.upstream(backend, 502, "the stream ended before the reply was complete");
                }
                break;
            }
            next = decoder.decode(frame.data(), frame.event());
            if (decoder.ended()) {
                done = true;
                close();
            }
        }
        return next != null;
    }

    @Override
    public ChatChunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ChatChunk chunk = next;
        next = null;
        return chunk;
    }

    private Framing.Frame readFrame() {
        try {
            Framing.Frame frame = framing.next(reader);
            if (call != null) {
                call.progressed();
            }
            return frame;
        } catch (IOException e) {
            if (cancelled) {
                return null;                      // our own abort ended the read
            }
            done = true;
            close();
            if (overdue() != null) {
                throw overdue();                  // a time limit ended the read
            }
            if (e instanceof SocketTimeoutException) {
                throw new GatewayException(504, "timeout", "backend_timeout", "backend '" + backend
                        + "' sent nothing for longer than its read timeout: " + e.getMessage());
            }
            throw GatewayException.upstream(backend, 502, "the stream broke off: " + e.getMessage());
        }
    }

    /**
     * From any thread: aborts the upstream connection at once (a blocked read fails and returns),
     * and the reply ends with one chunk of finish reason {@link FinishReason#CANCELLED}.
     */
    @Override
    public void cancel() {
        cancelled = true;
        if (call != null) {
            call.cancel();                        // the HTTP request, and this reading
        } else {
            abort();
        }
    }

    private void abort() {
        try {
            if (body instanceof EofSensorInputStream live) {
                live.abort();
            } else {
                body.close();
            }
        } catch (IOException ignored) {
            // aborted either way
        }
    }

    /**
     * Releases the upstream connection. A fully read reply is closed normally (the connection goes
     * back to the pool); an abandoned one (client gone, error) is aborted, because closing it would
     * first read, and make the backend generate, everything that is left.
     */
    @Override
    public void close() {
        if (call != null) {
            call.finished();
        }
        if (!done) {
            abort();
        }
        try {
            body.close();
        } catch (IOException ignored) {
            // the connection is gone either way
        }
    }
}
