package dev.llmgateway.stream;

import dev.llmgateway.model.GatewayException;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * One request to a backend, from the moment it is sent until its reply has been read or given up,
 * under the time limits of its backend, which {@link UpstreamCalls} checks four times a second:
 * <pre>
 * sent ───firstByteTimeout───► status line and headers   (headers that trickle in count as silence)
 *      headers ──idleTimeout──► a frame ──idleTimeout──► a frame … the end
 * sent ───────────────────────totalTimeout──────────────────────────► the end
 * </pre>
 * Past a limit, or when the client leaves ({@link #cancel}), the HTTP request is cancelled from
 * the checking thread: the client closes its connection and whatever read waits on it fails at once.
 * The HTTP client hands the request over while it is sent on this call's thread ({@link #send}).
 */
public final class UpstreamCall {

    /** The exchange property that carries the call to the backend's kamelet (and its codec). */
    public static final String PROPERTY = "llmUpstreamCall";
    private static final ThreadLocal<UpstreamCall> SENDING = new ThreadLocal<>();

    private final String backend;
    private final long firstByteNanos;
    private final long idleNanos;
    private final long totalNanos;
    private final long startNanos = System.nanoTime();
    private volatile long lastNanos = startNanos;
    private volatile boolean answered;
    private volatile boolean finished;
    private volatile boolean cancelled;
    private volatile GatewayException overdue;
    private volatile Cancellable request;
    private volatile Runnable abortBody;

    UpstreamCall(String backend, Duration firstByte, Duration idle, Duration total) {
        this.backend = backend;
        this.firstByteNanos = firstByte.toNanos();
        this.idleNanos = idle.toNanos();
        this.totalNanos = total.toNanos();
    }

    /** Runs the HTTP call; the client's request handle, when it offers one, is attached meanwhile. */
    public <T> T send(Supplier<T> call) {
        SENDING.set(this);
        try {
            return call.get();
        } finally {
            SENDING.remove();
        }
    }

    /** The call being sent on this thread, if any. */
    static UpstreamCall sending() {
        return SENDING.get();
    }

    /** The HTTP client's handle of the request on the wire; cancelled at once when the call already is. */
    void attach(Cancellable httpRequest) {
        request = httpRequest;
        if (cancelled || overdue != null) {
            httpRequest.cancel();
        }
    }

    /** Another way to stop the reply's reading, for a client that offered no request handle. */
    void onAbort(Runnable abort) {
        abortBody = abort;
    }

    /** The status line and headers arrived. */
    public void answered() {
        answered = true;
        lastNanos = System.nanoTime();
    }

    /** A frame of the reply arrived. */
    void progressed() {
        lastNanos = System.nanoTime();
    }

    /** The reply has been read, or given up: nothing to watch any more. */
    public void finished() {
        finished = true;
    }

    boolean isFinished() {
        return finished;
    }

    /** From any thread, e.g. when the client left: the call stops at once. */
    public void cancel() {
        cancelled = true;
        abort();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** The limit that stopped this call, or null. */
    public GatewayException overdue() {
        return overdue;
    }

    /** Checked by {@link UpstreamCalls}: stops the call when a limit has passed; true when it is over either way. */
    boolean abortIfOverdue(long nowNanos) {
        if (finished || cancelled) {
            return true;
        }
        if (!answered && nowNanos - startNanos > firstByteNanos) {
            overdue = timeout("did not answer within " + seconds(firstByteNanos) + " (firstByteTimeout)");
        } else if (answered && nowNanos - lastNanos > idleNanos) {
            overdue = timeout("sent nothing for " + seconds(idleNanos) + " (idleTimeout)");
        } else if (nowNanos - startNanos > totalNanos) {
            overdue = timeout("did not finish its reply within " + seconds(totalNanos) + " (totalTimeout)");
        } else {
            return false;
        }
        abort();
        return true;
    }

    private void abort() {
        Cancellable onTheWire = request;
        if (onTheWire != null) {
            onTheWire.cancel();
        }
        Runnable body = abortBody;
        if (body != null) {
            body.run();
        }
    }

    private GatewayException timeout(String what) {
        return new GatewayException(504, "timeout", "backend_timeout", "backend '" + backend + "' " + what);
    }

    private static String seconds(long nanos) {
        long millis = Duration.ofNanos(nanos).toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
