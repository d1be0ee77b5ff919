package dev.llmgateway.backend;

import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.resilience4j.ResilienceProcessor;

/**
 * A backend's circuit breaker: node {@code breaker} of its route {@code llm-backend-<name>} (Camel
 * puts a prefix of its own before the ids of routes made from a template).
 */
public final class CircuitBreakers {

    private CircuitBreakers() {
    }

    /** The breaker of {@code backend}; empty when the backend has no route (disabled, no codec). */
    public static Optional<ResilienceProcessor> of(CamelContext context, String backend) {
        Route route = context.getRoute("llm-backend-" + backend);
        return route == null ? Optional.empty() : route.filter(".*breaker").stream()
                .filter(ResilienceProcessor.class::isInstance).map(ResilienceProcessor.class::cast).findFirst();
    }

    /** CLOSED, OPEN, HALF_OPEN, ...; null when the backend has no route. */
    public static String state(CamelContext context, String backend) {
        return of(context, backend).map(ResilienceProcessor::getCircuitBreakerState).orElse(null);
    }
}
