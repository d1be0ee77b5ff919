package dev.llmgateway.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;

/**
 * CORS for browser apps on other origins, off unless {@code gateway.cors.allowedOrigins} lists some
 * ({@code https://app.example.com,http://localhost:5173}, or {@code *}). Vert.x's own
 * {@link CorsHandler} answers preflights and adds the headers, before the key check, so a browser
 * can read a 401 too.
 */
public class CorsFilter extends PlatformHttpFilter {

    private final CorsHandler cors;

    public CorsFilter(String allowedOrigins) {
        List<String> origins = allowedOrigins == null || allowedOrigins.isBlank() ? List.of()
                : List.of(allowedOrigins.trim().split("\\s*,\\s*"));
        cors = origins.isEmpty() ? null : (origins.contains("*") ? CorsHandler.create() : CorsHandler.create().addOrigins(origins))
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS))
                .allowedHeaders(Set.of("Authorization", "Content-Type", "x-api-key", "anthropic-version", "anthropic-beta",
                        "X-LLM-Backend", "X-Data-Sensitivity", "X-Request-Id"))
                .exposedHeaders(Set.of("X-Request-Id", "X-LLM-Backend"))
                .maxAgeSeconds(600);
    }

    @Override
    protected Stage stage() {
        return Stage.CORS;
    }

    @Override
    protected void handle(RoutingContext routing) {
        if (cors == null) {
            routing.next();
        } else {
            cors.handle(routing);
        }
    }
}
