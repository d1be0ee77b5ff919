package dev.llmgateway.backend;

import dev.llmgateway.config.Durations;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.apache.camel.CamelContext;

/**
 * Every backend's circuit breaker (Resilience4j), made on first use with the {@code agents.breaker.*}
 * settings: of the last {@code slidingWindowSize} calls, once there were {@code minimumNumberOfCalls},
 * when {@code failureRateThreshold} percent failed, the backend gets no calls for
 * {@code waitDurationInOpenState}, then {@code permittedNumberOfCallsInHalfOpenState} trial calls.
 * Each attempt to call a backend asks its breaker first and tells it the outcome as soon as the
 * status line arrived ({@link dev.llmgateway.stream.UpstreamCall}), so no thread waits on a breaker.
 * One registry per CamelContext, in its registry.
 */
public final class CircuitBreakers {

    private static final String REGISTRY = "llmCircuitBreakers";

    private CircuitBreakers() {
    }

    /** The breaker of {@code backend}. */
    public static CircuitBreaker of(CamelContext context, String backend) {
        return registry(context).circuitBreaker(backend);
    }

    /** CLOSED, OPEN, HALF_OPEN, ...; null for a backend that has no chat route (disabled, no codec). */
    public static String state(CamelContext context, String backend) {
        return context.getRoute("llm-backend-" + backend) == null ? null : of(context, backend).getState().name();
    }

    private static CircuitBreakerRegistry registry(CamelContext context) {
        CircuitBreakerRegistry registry = context.getRegistry().lookupByNameAndType(REGISTRY, CircuitBreakerRegistry.class);
        if (registry != null) {
            return registry;
        }
        synchronized (CircuitBreakers.class) {
            registry = context.getRegistry().lookupByNameAndType(REGISTRY, CircuitBreakerRegistry.class);
            if (registry == null) {
                registry = CircuitBreakerRegistry.of(config(context));
                context.getRegistry().bind(REGISTRY, registry);
            }
            return registry;
        }
    }

    private static CircuitBreakerConfig config(CamelContext context) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(Integer.parseInt(setting(context, "slidingWindowSize", "20")))
                .minimumNumberOfCalls(Integer.parseInt(setting(context, "minimumNumberOfCalls", "5")))
                .failureRateThreshold(Float.parseFloat(setting(context, "failureRateThreshold", "50")))
                .waitDurationInOpenState(Durations.parse("agents.breaker.waitDurationInOpenState",
                        setting(context, "waitDurationInOpenState", "30s")))
                .permittedNumberOfCallsInHalfOpenState(Integer.parseInt(setting(context, "permittedNumberOfCallsInHalfOpenState", "2")))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .writableStackTraceEnabled(false)
                .build();
    }

    private static String setting(CamelContext context, String name, String otherwise) {
        return context.getPropertiesComponent().resolveProperty("agents.breaker." + name).map(String::trim)
                .filter(value -> !value.isEmpty()).orElse(otherwise);
    }
}
