package dev.llmgateway.stream;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * Enforces the time limits of every open {@link UpstreamCall}: four times a second one thread
 * checks them all and cancels those past a limit. One instance, the {@code llmUpstreamCalls} bean,
 * serves all calls.
 * <p>
 * It is also camel-http's {@link HttpClientConfigurer}
 * ({@code camel.component.http.httpClientConfigurer=#llmUpstreamCalls}): the first step of every
 * request the HTTP client executes hands the request's cancel handle to the call being sent on
 * that thread, so that a call can be stopped before its answer begins (a backend that is slow to
 * answer, or trickles its headers; a client that left).
 */
public class UpstreamCalls implements HttpClientConfigurer {

    private static final long PERIOD_MILLIS = 250;

    private final Set<UpstreamCall> calls = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService sweeper;

    /** A call about to be sent to {@code backend}, watched from now until it is finished. */
    public UpstreamCall open(String backend, Duration firstByte, Duration idle, Duration total) {
        UpstreamCall call = new UpstreamCall(backend, firstByte, idle, total);
        watch(call);
        return call;
    }

    /** Starts the sweeper with the first call (Camel may create this bean twice; one of them idles). */
    private synchronized void watch(UpstreamCall call) {
        if (sweeper == null) {
            sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "llm-upstream-deadlines");
                thread.setDaemon(true);
                return thread;
            });
            sweeper.scheduleAtFixedRate(this::sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
        calls.add(call);
    }

    private void sweep() {
        long now = System.nanoTime();
        calls.removeIf(call -> call.abortIfOverdue(now));
    }

    /** Open calls, for tests. */
    public int watched() {
        return calls.size();
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("llm-upstream-call", (request, scope, chain) -> {
            UpstreamCall call = UpstreamCall.sending();
            if (call != null && scope.originalRequest instanceof Cancellable cancellable) {
                call.attach(cancellable);
            }
            return chain.proceed(request, scope);
        });
    }

    /** Stops the sweeper with the gateway ({@code destroyMethod}). */
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }
}
