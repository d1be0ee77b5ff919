package dev.llmgateway.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a JSON body sent with {@code Content-Type: application/x-www-form-urlencoded} as JSON.
 * That is what {@code curl -d '{…}'} sends, and Ollama's own API examples do exactly that;
 * platform-http would parse such a body as form fields and lose it. This filter relabels bodies of
 * the chat APIs ({@code /api/…}, {@code /v1/…}) before Vert.x reads them. Real form posts do not
 * exist on these JSON APIs.
 */
public class FormEncodedJsonShim extends PlatformHttpFilter {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Override
    protected void handle(RoutingContext routing) {
        String type = routing.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String path = routing.request().path();
        if (type != null && type.startsWith(FORM) && (path.startsWith("/api/") || path.startsWith("/v1/"))) {
            routing.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        routing.next();
    }
}
