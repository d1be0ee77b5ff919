package dev.llmgateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * Answers {@code GET /observe/health/live} on the Vert.x event loop, from Camel's liveness checks,
 * in Camel's shape ({@code {"status":"UP","checks":[{"name":"context","status":"UP"}]}}). Camel's
 * own endpoint runs on a worker thread, and when every worker holds a stream a liveness probe
 * waited seconds for one (measured: 3.7 s with 2 workers busy): a probe timeout there would restart
 * a gateway that is only busy.
 */
public class LivenessFilter extends PlatformHttpFilter {

    private static final String PATH = "/observe/health/live";

    @Override
    protected void handle(RoutingContext routing) {
        HttpMethod method = routing.request().method();
        if (!PATH.equals(routing.request().path()) || method != HttpMethod.GET && method != HttpMethod.HEAD) {
            routing.next();
            return;
        }
        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeLiveness(getCamelContext());
        boolean up = getCamelContext().isStarted()
                && results.stream().allMatch(result -> result.getState() == HealthCheck.State.UP);
        ObjectNode body = Json.object().put("status", up ? "UP" : "DOWN");
        ArrayNode checks = body.putArray("checks");
        results.forEach(result -> checks.addObject().put("name", result.getCheck().getId())
                .put("status", result.getState().name()));
        routing.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json")
                .end(Json.write(body));
    }
}
