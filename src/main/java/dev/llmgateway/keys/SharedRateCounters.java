package dev.llmgateway.keys;

import dev.llmgateway.camel.ContextBean;
import dev.llmgateway.config.Settings;
import java.util.concurrent.CompletionStage;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean {@code llmRateCounters}: in Redis when {@code gateway.store.redis} names one
 * ({@code redis://cache:6379}, {@code rediss://…} with TLS, {@code redis://:password@cache:6379/0}),
 * so that every replica counts each key's minute together; in memory otherwise. One set of counters
 * per CamelContext, whichever instance of this bean a step holds (Camel creates YAML beans twice).
 */
public class SharedRateCounters extends ContextBean implements RateCounters {

    private static final Logger LOG = LoggerFactory.getLogger(SharedRateCounters.class);

    private volatile RateCounters counters;

    /** Connects at start (initMethod), so that a Redis setting without its client stops the start, not a request. */
    public void init() {
        counters();
    }

    @Override
    public CompletionStage<Refusal> admit(String keyId, KeyPolicy.Limits limits) {
        return counters().admit(keyId, limits);
    }

    @Override
    public void addTokens(String keyId, long tokens) {
        counters().addTokens(keyId, tokens);
    }

    private RateCounters counters() {
        RateCounters current = counters;
        if (current == null) {
            current = once("llmRateCountersInUse", RateCounters.class, this::make);
            counters = current;
        }
        return current;
    }

    private RateCounters make() {
        String url = Settings.optional(getCamelContext(), "gateway.store.redis").orElse("");
        if (url.isEmpty()) {
            return new MemoryRateCounters();
        }
        try {
            Class.forName("io.vertx.redis.client.Redis");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("gateway.store.redis needs io.vertx:vertx-redis-client on the classpath", e);
        }
        RedisRateCounters redis = new RedisRateCounters(url);
        try {
            getCamelContext().addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    redis.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        LOG.info("Rate limits of gateway keys counted in Redis at {}", url.replaceFirst("//[^@/]*@", "//***@"));
        return redis;
    }
}
