package dev.llmgateway.http;

import dev.llmgateway.model.GatewayException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * Refuses a request whose {@code Content-Length} exceeds {@code camel.server.maxBodySize} with 413
 * in its API's error shape, before the body is read. A chunked body, which has no length, is
 * stopped by Vert.x's body handler once it grows past the limit; its 413 gets the same shape here.
 */
public class BodySizeFilter extends PlatformHttpFilter {

    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");

    private final long maxBytes;

    public BodySizeFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected Stage stage() {
        return Stage.BODY_SIZE;
    }

    @Override
    protected void installed(Router router) {
        // a failure handler, not router.errorHandler: Vert.x asks only the root router for those
        router.route().order(Integer.MIN_VALUE).failureHandler(routing -> {
            if (routing.statusCode() == 413 && !routing.response().headWritten()) {
                IngressErrors.reply(routing, tooLarge("more than " + maxBytes));
            } else {
                routing.next();
            }
        });
    }

    private GatewayException tooLarge(String size) {
        return new GatewayException(413, "invalid_request_error", "request_too_large", "the request body has " + size
                + " bytes; this gateway takes at most " + maxBytes + " (camel.server.maxBodySize)");
    }

    @Override
    protected void handle(RoutingContext routing) {
        String length = routing.request().getHeader("Content-Length");
        if (length != null && DIGITS.matcher(length).matches() && Long.parseLong(length) > maxBytes) {
            IngressErrors.reply(routing, tooLarge(length));
            return;
        }
        routing.next();
    }
}
