package dev.llmgateway.stream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the idle and total time limits of the replies being read: four times a second, one
 * thread checks every open {@link DecodingChatStream} and aborts those past a limit, which ends a
 * blocked read at once. (The first-byte limit is the HTTP client's response timeout.) One instance,
 * the {@code llmStreamDeadlines} bean, serves all streams.
 */
public class StreamDeadlines {

    public static final String BEAN = "llmStreamDeadlines";
    private static final long PERIOD_MILLIS = 250;

    private final Set<DecodingChatStream> streams = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService sweeper;

    /** Starts the sweeper with the first stream (Camel may create this bean twice; one of them idles). */
    synchronized void watch(DecodingChatStream stream) {
        if (sweeper == null) {
            sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "llm-stream-deadlines");
                thread.setDaemon(true);
                return thread;
            });
            sweeper.scheduleAtFixedRate(this::sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
        streams.add(stream);
    }

    void forget(DecodingChatStream stream) {
        streams.remove(stream);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (DecodingChatStream stream : streams) {
            if (stream.abortIfOverdue(now)) {
                streams.remove(stream);
            }
        }
    }

    /** Stops the sweeper with the gateway ({@code destroyMethod}). */
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }
}
