package dev.llmgateway.stream;

import dev.llmgateway.backend.Backend;
import dev.llmgateway.request.RequestContext;
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
 * As a {@link Processor} it opens the call of one attempt: a step of every backend route, and the
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
     * {@link RequestContext#upstreamCall()}; a client that already left gets none (the exchange fails
     * with a {@link ClientGoneException}), and one that leaves later cancels it.
     */
    @Override
    public void process(Exchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        if (context.cancellation().isCancelled()) {
            // as a failure, not thrown: before a retry (onRedelivery) Camel would still send the exchange
            exchange.setException(new ClientGoneException("the client left before the backend answered"));
            exchange.setRouteStop(true);
            return;
        }
        Backend backend = context.route().backend();
        Backend.Limits limits = backend.limits();
        UpstreamCall call = new UpstreamCall(backend.name(), limits.firstByte(), limits.idle(), limits.total());
        watch(call);
        context.setUpstreamCall(call);
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

    /** Stops the sweeper with the gateway ({@code destroyMethod}). */
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }
}
