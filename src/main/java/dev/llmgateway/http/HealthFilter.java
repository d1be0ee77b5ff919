package dev.llmgateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.security.GatewayKeys;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * Answers the health probes on the Vert.x event loop, in Camel's shape, with each check's state and
 * nothing else:
 * <pre>
 * GET /observe/health/ready   {"status":"UP","checks":[{"name":"backends","status":"UP"},…]}
 * </pre>
 * Camel's own endpoint runs on a worker thread, and when every worker holds a stream a probe waited
 * seconds for one (measured: 3.7 s with 2 workers busy): a probe timeout there would restart a
 * gateway that is only busy. The details ({@code ?data=true}: backend URLs, last errors) come from
 * Camel's endpoint, and only for callers with a gateway key when keys are configured: the probe
 * paths are public.
 */
public class HealthFilter extends PlatformHttpFilter {

    private static final Map<String, Function<CamelContext, Collection<HealthCheck.Result>>> PROBES = Map.of(
            "/observe/health", HealthCheckHelper::invoke,
            "/observe/health/live", HealthCheckHelper::invokeLiveness,
            "/observe/health/ready", HealthCheckHelper::invokeReadiness);

    private final GatewayKeys keys;

    public HealthFilter(GatewayKeys keys) {
        this.keys = keys;
    }

    @Override
    protected Stage stage() {
        return Stage.HEALTH;
    }

    @Override
    protected void handle(RoutingContext routing) {
        HttpMethod method = routing.request().method();
        Function<CamelContext, Collection<HealthCheck.Result>> probe = PROBES.get(CanonicalPath.of(routing));
        if (probe == null || method != HttpMethod.GET && method != HttpMethod.HEAD || wantsDetails(routing)) {
            routing.next();
            return;
        }
        Collection<HealthCheck.Result> results = probe.apply(getCamelContext());
        boolean up = getCamelContext().isStarted()
                && results.stream().allMatch(result -> result.getState() != HealthCheck.State.DOWN);
        ObjectNode body = Json.object().put("status", up ? "UP" : "DOWN");
        ArrayNode checks = body.putArray("checks");
        results.forEach(result -> checks.addObject().put("name", result.getCheck().getId())
                .put("status", result.getState().name()));
        routing.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json")
                .end(Json.write(body));
    }

    /** {@code ?data=true} from a caller who may see it: anyone on an open gateway, else a key holder. */
    private boolean wantsDetails(RoutingContext routing) {
        return "true".equals(routing.queryParams().get("data")) && keys.accepts(GatewayKeys.presented(
                routing.request().getHeader("Authorization"), routing.request().getHeader("x-api-key"), null));
    }
}
