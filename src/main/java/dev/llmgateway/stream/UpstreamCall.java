package dev.llmgateway.stream;

import dev.llmgateway.model.GatewayException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request to a backend, from the moment it is sent until its reply has been read or given up,
 * under the time limits of its backend, which {@link UpstreamCalls} checks four times a second:
 * <pre>
 * sent ───firstByteTimeout───► status line and headers   (headers that trickle in count as silence)
 *      headers ──idleTimeout──► a frame ──idleTimeout──► a frame … the end
 * sent ───────────────────────totalTimeout──────────────────────────► the end
 * </pre>
 * Past a limit, or when the client leaves ({@link #cancel}), the HTTP request is reset from the
 * checking thread: its connection closes and whatever waits on it fails at once.
 * <p>
 * The call was permitted by its backend's circuit breaker, which it tells the outcome once: the
 * backend answered for itself ({@link #succeeded}, also a refusal that is the request's fault), or
 * failed ({@link #failed}); a call whose client left counts as neither.
 */
public final class UpstreamCall {

    private final String backend;
    private final int attempt;
    private final CircuitBreaker breaker;
    private final AtomicBoolean counted = new AtomicBoolean();
    private final long firstByteNanos;
    private final long idleNanos;
    private final long totalNanos;
    private final long startNanos = System.nanoTime();
    private volatile long lastNanos = startNanos;
    private volatile boolean answered;
    private volatile boolean finished;
    private volatile boolean cancelled;
    private volatile GatewayException overdue;
    private volatile Runnable request;

    /**
     * @param attempt the how-manieth call of this request to this backend, from 1
     * @param breaker the backend's circuit breaker, whose permission this call holds; null for none
     */
    UpstreamCall(String backend, int attempt, CircuitBreaker breaker, Duration firstByte, Duration idle, Duration total) {
        this.backend = backend;
        this.attempt = attempt;
        this.breaker = breaker;
        this.firstByteNanos = firstByte.toNanos();
        this.idleNanos = idle.toNanos();
        this.totalNanos = total.toNanos();
    }

    public String backend() {
        return backend;
    }

    /** The how-manieth call of this request to this backend, from 1. */
    public int attempt() {
        return attempt;
    }

    /** How to stop the HTTP request on the wire (reset it); run at once when the call is already over. */
    public void attach(Runnable stopRequest) {
        request = stopRequest;
        if (cancelled || overdue != null) {
            stopRequest.run();
        }
    }

    /** The status line and headers arrived. */
    public void answered() {
        answered = true;
        lastNanos = System.nanoTime();
    }

    /** Some of the reply arrived. */
    public void progressed() {
        lastNanos = System.nanoTime();
    }

    /** The reply has been read, or given up: nothing to watch any more. */
    public void finished() {
        finished = true;
    }


    /** The backend answered for itself: the breaker counts a success. */
    public void succeeded() {
        if (breaker != null && counted.compareAndSet(false, true)) {
            breaker.onSuccess(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The call failed: the breaker counts a failure, unless the client left or the gateway itself
     * could not open a socket (its open-file limit), neither of which is the backend's doing.
     */
    public void failed(Throwable failure) {
        if (breaker != null && counted.compareAndSet(false, true)) {
            if (cancelled || UpstreamFailures.isLocal(failure)) {
                breaker.releasePermission();
            } else {
                breaker.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS, failure);
            }
        }
    }

    /** From any thread, e.g. when the client left: the call stops at once. */
    public void cancel() {
        cancelled = true;
        abort();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Stops the call at once for {@code reason}, which its reader then fails with (the gateway shuts down); false when it was over. */
    public boolean stop(GatewayException reason) {
        if (finished || cancelled || overdue != null) {
            return false;
        }
        overdue = reason;
        abort();
        return true;
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
        Runnable onTheWire = request;
        if (onTheWire != null) {
            onTheWire.run();
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
