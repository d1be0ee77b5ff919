package dev.llmgateway.http;

import dev.llmgateway.model.Ids;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * Gives every HTTP request an id: the caller's {@code X-Request-Id} when it is a sane token, else a
 * new one ({@code req_7Qk2…}). The id is echoed on the response (also on errors and streams, as the
 * header goes out with the status line), seen by the routes as the request header, sent upstream
 * by the backend codecs and written in the request log line.
 */
public class RequestIds extends PlatformHttpFilter {

    public static final String HEADER = "X-Request-Id";

    /** Ids of other gateways and tracers (UUIDs, W3C trace ids, ULIDs) fit; anything else is replaced. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");

    @Override
    protected Stage stage() {
        return Stage.REQUEST_ID;
    }

    @Override
    protected void handle(RoutingContext routing) {
        String id = orNew(routing.request().getHeader(HEADER));
        routing.request().headers().set(HEADER, id);
        routing.response().putHeader(HEADER, id);
        routing.next();
    }

    /** The given id when it is safe to log and forward, else a fresh one. */
    public static String orNew(String given) {
        return given != null && SANE.matcher(given).matches() ? given : Ids.random("req_");
    }
}
