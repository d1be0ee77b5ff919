package dev.llmgateway.http;

import dev.llmgateway.camel.StartupBean;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * A Vert.x handler that runs in front of every platform-http route, before Camel sees the request.
 * Declared as a bean (routes/llm-beans.yaml), it installs itself once the platform-http router
 * exists; on another HTTP runtime (a servlet host) it does nothing.
 */
public abstract class PlatformHttpFilter extends StartupBean {

    /** The filters in the order they run: each stage may rely on the ones before it. */
    protected enum Stage {
        /** {@link CanonicalPath}: one spelling of the path for every filter after it. */
        PATH,
        /** {@link RequestIds} */
        REQUEST_ID,
        /** {@link CrossSiteFilter}: foreign web pages and host names. */
        CROSS_SITE,
        /** {@link HealthFilter}: probes answered on the event loop. */
        HEALTH,
        /** {@link CorsFilter} */
        CORS,
        /** {@link ApiKeyFilter} */
        API_KEY,
        /** {@link BodySizeFilter} */
        BODY_SIZE,
        /** {@link JsonBodyFilter} */
        JSON_BODY,
        /** {@link OverloadFilter}: only authenticated, well-formed chats take a place. */
        OVERLOAD,
        /** {@link UnroutedRequests}: after every route, for the requests none of them took. */
        UNROUTED
    }

    /** Handles one request; must call {@code routing.next()} to let it through. */
    protected abstract void handle(RoutingContext routing);

    protected abstract Stage stage();

    @Override
    protected void started(CamelContext context) {
        VertxPlatformHttpRouter router = router(context);
        String installed = getClass().getName() + ".installed";
        if (router == null || context.getRegistry().lookupByName(installed) != null) {
            return;                          // not on the Vert.x runtime, or already in place
        }
        context.getRegistry().bind(installed, Boolean.TRUE);
        int order = stage() == Stage.UNROUTED ? Integer.MAX_VALUE : Integer.MIN_VALUE + stage().ordinal();
        router.route().order(order).handler(this::handle);
        installed(router);
    }

    /** The router of platform-http's server ({@code camel.server.port}); null on another HTTP runtime. */
    private static VertxPlatformHttpRouter router(CamelContext context) {
        int port = Integer.parseInt(context.getPropertiesComponent().resolveProperty("camel.server.port").orElse("8080"));
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        return router != null ? router : VertxPlatformHttpRouter.lookup(context);
    }

    /** More to set on the router, once, after the filter is in place. */
    protected void installed(Router router) {
    }
}
