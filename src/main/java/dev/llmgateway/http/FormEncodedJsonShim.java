package dev.llmgateway.http;

import io.vertx.core.http.HttpHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Reads a JSON body sent with {@code Content-Type: application/x-www-form-urlencoded} as JSON.
 * That is what {@code curl -d '{…}'} sends, and Ollama's own API examples do exactly that;
 * platform-http would parse such a body as form fields and lose it. A handler in front of the
 * platform-http routes relabels bodies of the chat APIs ({@code /api/…}, {@code /v1/…}) before
 * Vert.x reads them. Real form posts do not exist on these JSON APIs.
 */
public class FormEncodedJsonShim implements CamelContextAware, ExtendedStartupListener {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String INSTALLED = "llmFormEncodedJsonShimInstalled";

    private CamelContext camelContext;

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the platform-http router is bound later: see onCamelContextFullyStarted
    }

    /** Runs first on every request whatever the registration time: order is Integer.MIN_VALUE. */
    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        int port = Integer.parseInt(context.getPropertiesComponent().resolveProperty("camel.server.port").orElse("8080"));
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(context);
        }
        if (router == null || context.getRegistry().lookupByName(INSTALLED) != null) {
            return;                          // not on the Vert.x runtime, or already in place
        }
        context.getRegistry().bind(INSTALLED, Boolean.TRUE);
        router.route().order(Integer.MIN_VALUE).handler(routing -> {
            String type = routing.request().getHeader(HttpHeaders.CONTENT_TYPE);
            String path = routing.request().path();
            if (type != null && type.startsWith(FORM) && (path.startsWith("/api/") || path.startsWith("/v1/"))) {
                routing.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
            }
            routing.next();
        });
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        try {
            camelContext.addStartupListener(this);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
