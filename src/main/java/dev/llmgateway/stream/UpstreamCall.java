package dev.llmgateway.stream;

import dev.llmgateway.model.GatewayException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * The HTTP client hands the request over as it sends it: the request carries the call's id in the
 * header {@link #HEADER}, which {@link UpstreamCalls} takes off before it goes on the wire.
 */
public final class UpstreamCall {

    /** The header that ties an HTTP request to its call on the way to the HTTP client; never sent. */
    public static final String HEADER = "X-Gateway-Upstream-Call";
    private static final AtomicLong IDS = new AtomicLong();
    /**
     * Calls not yet handed to the HTTP client, by id; one registry per JVM, because the HTTP client
     * configurer may be another instance of {@link UpstreamCalls} than the one that opened the call
     * (Camel 4.17 creates a bean of a YAML file twice when another file loaded in between).
     */
    private static final Map<String, UpstreamCall> UNSENT = new ConcurrentHashMap<>();

    private final String id = Long.toString(IDS.incrementAndGet());
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
        UNSENT.put(id, this);
    }

    /** The call named in an HTTP request's {@link #HEADER}, taken from the unsent ones; null if none. */
    static UpstreamCall claim(String id) {
        return UNSENT.remove(id);
    }

    /** Names this call in {@link #HEADER} (the backend codec sets it on the HTTP request). */
    public String getId() {
        return id;
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
        UNSENT.remove(id);
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
            UNSENT.remove(id);
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
        UNSENT.remove(id);
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
