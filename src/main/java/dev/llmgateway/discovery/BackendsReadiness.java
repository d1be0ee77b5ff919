package dev.llmgateway.discovery;

import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness of the gateway as seen by a load balancer: ready while at least one enabled backend
 * answered its last model discovery. A backend that is disabled on purpose (a third-party backend
 * without its API key) is listed but never makes the gateway unready; one reachable local backend
 * is enough to serve. The data names every backend, e.g. in {@code /observe/health/ready?data=true}:
 * <pre>
 * {"name":"backends","status":"UP","data":{"backend.ollama":"reachable","backend.gemini":"disabled",
 *  "backend.lmStudio":"unreachable: backend 'lmStudio' is unreachable at http://127.0.0.1:1234/v1: …",…}}
 * </pre>
 * Written against camel-api alone, so hosts with their own health registry (Spring Boot, Quarkus)
 * load the route beans without camel-health.
 */
public class BackendsReadiness implements HealthCheck {

    private final ModelRegistry models;
    private volatile boolean enabled = true;

    public BackendsReadiness(ModelRegistry models) {
        this.models = models;
    }

    @Override
    public String getGroup() {
        return "llm-gateway";
    }

    @Override
    public String getId() {
        return "backends";
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;     // camel.health.exclude-pattern and the health dev console switch checks off
    }

    @Override
    public boolean isLiveness() {
        return false;               // an unreachable backend is no reason to restart the gateway
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        List<BackendStatus> statuses = models.statuses();
        statuses.forEach(status -> builder.detail("backend." + status.name(), describe(status)));
        if (statuses.isEmpty()) {
            return builder.message("model discovery has not run yet").down().build();
        }
        if (statuses.stream().anyMatch(BackendStatus::reachable)) {
            return builder.up().build();
        }
        return builder.message("no enabled backend is reachable").down().build();
    }

    private static String describe(BackendStatus status) {
        if (status.disabled()) {
            return "disabled";
        }
        return status.reachable() ? "reachable" : "unreachable: " + status.error();
    }
}
