package dev.llmgateway.stream;

import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.CircuitBreakers;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.request.RequestContext;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Opens every {@link UpstreamCall} and enforces its time limits: four times a second one thread
 * checks them all and cancels those past a limit. One instance, the {@code llmUpstreamCalls} bean,
 * serves all calls.
 * <p>
 * As a {@link Processor} it opens the call of one attempt, with its circuit breaker's permission: a step of every backend route, and the
 * {@code onRedelivery} of its error handler, so that each retry gets its own time limits. The
 * {@code llm-upstream} endpoint that sends the request hands the call its way to reset it, so a
 * call can be stopped before its answer begins too (a backend slow to answer, or trickling its
 * headers; a client that left).
 */
public class UpstreamCalls implements Processor {

    private static final long PERIOD_MILLIS = 250;

    private final Set<UpstreamCall> calls = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService sweeper;

    /**
     * Opens the call to the backend of the request's route with its time limits, as the
     * {@link RequestContext#upstreamCall()}, with its circuit breaker's permission; a client that
     * already left gets none (the exchange fails with a {@link ClientGoneException}), nor does a
     * backend whose breaker is open ({@link CallNotPermittedException}); a client that leaves later
     * cancels the call.
     */
    @Override
    public void process(Exchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        if (context.cancellation().isCancelled()) {
            refuse(exchange, new ClientGoneException("the client left before the backend answered"));
            return;
        }
        Backend backend = context.route().backend();
        CircuitBreaker breaker = CircuitBreakers.of(exchange.getContext(), backend.name());
        if (!breaker.tryAcquirePermission()) {
            refuse(exchange, CallNotPermittedException.createCallNotPermittedException(breaker));
            return;
        }
        Backend.Limits limits = backend.limits();
        UpstreamCall previous = context.upstreamCall();
        int attempt = previous != null && previous.backend().equals(backend.name()) ? previous.attempt() + 1 : 1;
        UpstreamCall call = new UpstreamCall(backend.name(), attempt, breaker, limits.firstByte(), limits.idle(), limits.total());
        watch(call);
        context.setUpstreamCall(call);
    }

    /** As a failure, not thrown: before a retry (onRedelivery) Camel would still send the exchange. */
    private static void refuse(Exchange exchange, RuntimeException why) {
        exchange.setException(why);
        exchange.setRouteStop(true);
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

    /** Stops every call still open, each failing with {@code reason} (the gateway's grace period ends). */
    public int stopAll(GatewayException reason) {
        int stopped = 0;
        for (UpstreamCall call : calls) {
            if (call.stop(reason)) {
                stopped++;
            }
        }
        return stopped;
    }

    /** Open calls, for tests. */
    public int watched() {
        return calls.size();
    }

    /** Stops the sweeper with the gateway ({@code destroyMethod}). */
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }
}
