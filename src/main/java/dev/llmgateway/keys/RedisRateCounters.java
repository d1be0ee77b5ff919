package dev.llmgateway.keys;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@link RateCounters} shared by every replica, in Redis ({@code gateway.store.redis=redis://cache:6379}):
 * two counters per key and minute, {@code llm-gateway:rate:<key id>:<epoch minute>:requests} and
 * {@code …:tokens}, which expire two minutes later. The check and the count are one Lua script, so
 * replicas admitting at the same moment never pass a limit together. Vert.x's non-blocking client
 * on a small Vert.x of its own: no thread waits for Redis.
 */
public final class RedisRateCounters implements RateCounters, AutoCloseable {

    /**
     * KEYS: the minute's requests and tokens; ARGV: the limits (-1: none), the counters' time to live.
     * 0 admitted (and counted), 1 requestsPerMinute reached, 2 tokensPerMinute reached.
     */
    private static final String ADMIT = """
            local requests = tonumber(redis.call('GET', KEYS[1]) or '0')
            local tokens = tonumber(redis.call('GET', KEYS[2]) or '0')
            if tonumber(ARGV[1]) >= 0 and requests >= tonumber(ARGV[1]) then return 1 end
            if tonumber(ARGV[2]) >= 0 and tokens >= tonumber(ARGV[2]) then return 2 end
            redis.call('INCR', KEYS[1])
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            return 0""";
    private static final String ADD_TOKENS = """
            redis.call('INCRBY', KEYS[1], ARGV[1])
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            return 0""";
    private static final String TIME_TO_LIVE = "120";

    private final Vertx vertx;
    private final Redis client;
    private final RedisAPI redis;

    public RedisRateCounters(String url) {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(8).setMaxPoolWaiting(10_000));
        redis = RedisAPI.api(client);
    }

    @Override
    public CompletionStage<Refusal> admit(String keyId, KeyPolicy.Limits limits) {
        long now = System.currentTimeMillis();
        String minute = prefix(keyId, now);
        long requests = limits.requestsPerMinute() == null ? -1 : limits.requestsPerMinute();
        long tokens = limits.tokensPerMinute() == null ? -1 : limits.tokensPerMinute();
        return redis.eval(List.of(ADMIT, "2", minute + ":requests", minute + ":tokens", Long.toString(requests),
                        Long.toString(tokens), TIME_TO_LIVE))
                .map(answer -> switch (answer.toInteger()) {
                    case 1 -> new Refusal("requestsPerMinute", requests, RateCounters.secondsLeft(now));
                    case 2 -> new Refusal("tokensPerMinute", tokens, RateCounters.secondsLeft(now));
                    default -> (Refusal) null;
                })
                .toCompletionStage();
    }

    @Override
    public void addTokens(String keyId, long tokens) {
        redis.eval(List.of(ADD_TOKENS, "1", prefix(keyId, System.currentTimeMillis()) + ":tokens", Long.toString(tokens),
                TIME_TO_LIVE));
    }

    private static String prefix(String keyId, long now) {
        return "llm-gateway:rate:" + keyId + ":" + RateCounters.minute(now);
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}
