package dev.llmgateway.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The gateway's own meters, as Prometheus shows them at {@code /observe/metrics}:
 * <pre>
 * llm_requests_seconds_count{backend="ollama",ingress="openai",model="llama3.2",outcome="ok",status="200"} 3.0
 * llm_requests_seconds_bucket{…,le="1.0"} 2.0
 * llm_time_to_first_token_seconds_bucket{backend="ollama",ingress="openai",model="llama3.2",le="0.25"} 3.0
 * llm_tokens_total{backend="ollama",ingress="openai",model="llama3.2",type="output"} 24.0
 * llm_streams_open{backend="ollama"} 1.0
 * llm_circuit_breaker_state{backend="ollama",state="closed"} 1.0
 * </pre>
 * Buckets are a fixed short list (LLM replies take seconds to minutes), not Micrometer's ~70
 * default percentile buckets, to keep the series per tag set small.
 */
final class ChatMetrics {

    private static final Duration[] LATENCY_BUCKETS = seconds(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300);
    private static final Duration[] TTFT_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30);

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> openStreams = new ConcurrentHashMap<>();

    ChatMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * {@code llm_circuit_breaker_state{backend="ollama",state="open"} 1.0}: one series per state,
     * 1 for the one the backend's breaker is in (the shape Resilience4j's own metrics use).
     */
    void watchCircuitBreaker(String backend, Supplier<String> state) {
        if (registry.find("llm.circuit.breaker.state").tag("backend", backend).gauge() != null) {
            return;                     // a second instance of the telemetry bean: Camel creates YAML beans twice
        }
        for (String name : List.of("closed", "open", "half_open")) {
            Gauge.builder("llm.circuit.breaker.state", () -> name.equalsIgnoreCase(state.get()) ? 1 : 0)
                    .description("State of the backend's circuit breaker").tags("backend", backend, "state", name)
                    .register(registry);
        }
    }

    void streamOpened(String backend) {
        openStreams(backend).incrementAndGet();
    }

    void streamClosed(String backend) {
        openStreams(backend).decrementAndGet();
    }

    /** One finished request; {@code ttftNanos} is negative when no token came (or none streamed). */
    /** @param key the name of the request's gateway key: on the token and cost counters, not the timers' buckets */
    void completed(Tags tags, String outcome, int status, long latencyNanos, long ttftNanos,
                   int tokensIn, int tokensOut, String key, double cost) {
        Timer.builder("llm.requests").description("Chat requests by outcome: count, latency")
                .tags(tags).tag("outcome", outcome).tag("status", Integer.toString(status))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry).record(latencyNanos, TimeUnit.NANOSECONDS);
        if (ttftNanos >= 0) {
            Timer.builder("llm.time.to.first.token").description("Arrival of a streamed request to its first token")
                    .tags(tags).serviceLevelObjectives(TTFT_BUCKETS)
                    .register(registry).record(ttftNanos, TimeUnit.NANOSECONDS);
        }
        Tags spending = tags.and("key", key);
        tokens(spending, "input", tokensIn);
        tokens(spending, "output", tokensOut);
        if (cost > 0) {
            Counter.builder("llm.cost").baseUnit("usd").description("What requests cost, from the price table (gateway.prices)")
                    .tags(spending).register(registry).increment(cost);
        }
    }

    private void tokens(Tags tags, String type, int count) {
        if (count > 0) {
            Counter.builder("llm.tokens").description("Tokens as the backends counted them")
                    .tags(tags).tag("type", type).register(registry).increment(count);
        }
    }

    private AtomicInteger openStreams(String backend) {
        return openStreams.computeIfAbsent(backend, name -> registry.gauge("llm.streams.open",
                Tags.of("backend", name), new AtomicInteger()));
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos((long) (values[i] * 1e9));
        }
        return durations;
    }
}
