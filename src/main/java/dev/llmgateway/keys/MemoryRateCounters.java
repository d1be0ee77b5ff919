package dev.llmgateway.keys;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** {@link RateCounters} of this gateway alone: one small window per key, kept in memory. */
public final class MemoryRateCounters implements RateCounters {

    private static final CompletableFuture<Refusal> ADMITTED = CompletableFuture.completedFuture(null);

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** One key's minute: which one, and its requests and tokens so far. */
    private static final class Window {
        long minute;
        long requests;
        long tokens;

        void roll(long now) {
            if (minute != now) {
                minute = now;
                requests = 0;
                tokens = 0;
            }
        }
    }

    @Override
    public CompletionStage<Refusal> admit(String keyId, KeyPolicy.Limits limits) {
        long now = System.currentTimeMillis();
        Window window = windows.computeIfAbsent(keyId, id -> new Window());
        synchronized (window) {
            window.roll(RateCounters.minute(now));
            if (limits.requestsPerMinute() != null && window.requests >= limits.requestsPerMinute()) {
                return refused("requestsPerMinute", limits.requestsPerMinute(), now);
            }
            if (limits.tokensPerMinute() != null && window.tokens >= limits.tokensPerMinute()) {
                return refused("tokensPerMinute", limits.tokensPerMinute(), now);
            }
            window.requests++;
        }
        return ADMITTED;
    }

    @Override
    public void addTokens(String keyId, long tokens) {
        long now = System.currentTimeMillis();
        Window window = windows.computeIfAbsent(keyId, id -> new Window());
        synchronized (window) {
            window.roll(RateCounters.minute(now));
            window.tokens += tokens;
        }
    }

    private static CompletionStage<Refusal> refused(String limit, long value, long now) {
        return CompletableFuture.completedFuture(new Refusal(limit, value, RateCounters.secondsLeft(now)));
    }
}
