package dev.llmgateway.http;

import dev.llmgateway.model.GatewayException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Bodies sent to the JSON APIs ({@code /api/…}, {@code /v1/…}, {@code /admin/…}) must be JSON. Two spellings are read
 * as JSON: no {@code Content-Type}, and {@code application/x-www-form-urlencoded}, which is what
 * {@code curl -d '{…}'} sends (Ollama's own API examples do exactly that; platform-http would parse
 * such a body as form fields and lose it). Every other type gets 415 in the caller's dialect:
 * {@code text/plain} and {@code multipart/form-data} are what an HTML form or a page's
 * {@code fetch} may send to another site without asking first (no CORS preflight). Foreign pages
 * were refused before ({@link CrossSiteFilter}), so a form-encoded body here comes from curl or
 * from a page the operator allows.
 */
public class JsonBodyFilter extends PlatformHttpFilter {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Override
    protected Stage stage() {
        return Stage.JSON_BODY;
    }

    @Override
    protected void handle(RoutingContext routing) {
        HttpMethod method = routing.request().method();
        String path = CanonicalPath.of(routing);
        if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH
                || !(path.startsWith("/api/") || path.startsWith("/v1/") || path.startsWith("/admin/"))) {
            routing.next();
            return;
        }
        String type = routing.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (media.equals(FORM)) {
            routing.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
        } else if (!media.isEmpty() && !media.equals("application/json") && !media.endsWith("+json")) {
            IngressErrors.reply(routing, new GatewayException(415, "invalid_request_error", "unsupported_media_type",
                    "the request body must be JSON (Content-Type: application/json), not " + media));
            return;
        }
        routing.next();
    }
}
