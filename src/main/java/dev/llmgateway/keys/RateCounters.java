package dev.llmgateway.keys;

import java.util.concurrent.CompletionStage;

/**
 * Requests and tokens of each key in the current minute (a fixed window, UTC minutes), in memory
 * ({@link MemoryRateCounters}) or, shared by every replica, in Redis ({@link RedisRateCounters}).
 */
public interface RateCounters {

    /**
     * Counts one request of the key unless a limit of {@code limits} is reached in this minute;
     * completes with the refusal (which limit, when the minute ends) or null when admitted.
     */
    CompletionStage<Refusal> admit(String keyId, KeyPolicy.Limits limits);

    /** Adds the tokens of a finished request to the key's minute (they count against tokensPerMinute). */
    void addTokens(String keyId, long tokens);

    /** A limit reached: its name and value, and the seconds until the minute ends. */
    record Refusal(String limit, long value, long retryAfterSeconds) {
    }

    /** The epoch minute of a time in milliseconds, and the whole seconds left in it (at least 1). */
    static long minute(long epochMillis) {
        return epochMillis / 60_000;
    }

    static long secondsLeft(long epochMillis) {
        return Math.max(1, (60_000 - epochMillis % 60_000 + 999) / 1000);
    }
}
