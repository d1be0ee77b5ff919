package dev.llmgateway.backend;

import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;

/** The state of a backend's circuit breaker, node {@code llm-backend-<name>-breaker} of its route. */
public final class CircuitBreakers {

    private CircuitBreakers() {
    }

    /** CLOSED, OPEN, HALF_OPEN, ...; null when the backend has no route (disabled, no kamelet). */
    public static String state(CamelContext context, String backend) {
        ResilienceProcessor breaker = context.getProcessor("llm-backend-" + backend + "-breaker", ResilienceProcessor.class);
        return breaker == null ? null : breaker.getCircuitBreakerState();
    }
}
