package dev.llmgateway.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Gives every filter one spelling of the request path, so that no filter (keys, limits, the
 * content-type rule) can be passed by a spelling that the routes still serve:
 * {@code //api/chat}, {@code /v1/chat/completions/}, {@code /v1/./chat/%63ompletions} are all
 * {@code /api/chat} and {@code /v1/chat/completions} here. Vert.x's normalised path (dot segments,
 * percent-encoded unreserved characters), with repeated slashes folded and no trailing slash.
 */
public class CanonicalPath extends PlatformHttpFilter {

    private static final String KEY = "llm.canonicalPath";

    @Override
    protected Stage stage() {
        return Stage.PATH;
    }

    @Override
    protected void handle(RoutingContext routing) {
        routing.put(KEY, canonical(routing));
        routing.next();
    }

    /** The request's path as every filter sees it. */
    public static String of(RoutingContext routing) {
        String path = routing.get(KEY);
        return path != null ? path : canonical(routing);
    }

    private static String canonical(RoutingContext routing) {
        String path = routing.normalizedPath();
        if (path.contains("//")) {
            path = path.replaceAll("/{2,}", "/");
        }
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
