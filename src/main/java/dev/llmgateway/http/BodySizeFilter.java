package dev.llmgateway.http;

import dev.llmgateway.model.GatewayException;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose {@code Content-Length} exceeds {@code camel.server.maxBodySize} with 413
 * in its API's error shape, before the body is read. (A chunked body without a length that grows
 * past the limit is stopped by Vert.x's own body handler, with a plain 413.)
 */
public class BodySizeFilter extends PlatformHttpFilter {

    private final long maxBytes;

    public BodySizeFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected Stage stage() {
        return Stage.BODY_SIZE;
    }

    @Override
    protected void handle(RoutingContext routing) {
        String length = routing.request().getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBytes) {
            IngressErrors.reply(routing, new GatewayException(413, "invalid_request_error", "request_too_large",
                    "the request body has " + length + " bytes; this gateway takes at most " + maxBytes
                            + " (camel.server.maxBodySize)"));
            return;
        }
        routing.next();
    }
}
