package dev.llmgateway.http;

import dev.llmgateway.camel.StartupBean;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * A Vert.x handler that runs in front of every platform-http route, before Camel sees the request.
 * Declared as a bean (routes/llm-beans.yaml), it installs itself once the platform-http router
 * exists; on another HTTP runtime (a servlet host) it does nothing.
 */
public abstract class PlatformHttpFilter extends StartupBean {

    /** Handles one request; must call {@code routing.next()} to let it through. */
    protected abstract void handle(RoutingContext routing);

    /** Lower runs first. */
    protected int order() {
        return Integer.MIN_VALUE;
    }

    @Override
    protected void started(CamelContext context) {
        int port = Integer.parseInt(context.getPropertiesComponent().resolveProperty("camel.server.port").orElse("8080"));
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(context);
        }
        String installed = getClass().getName() + ".installed";
        if (router == null || context.getRegistry().lookupByName(installed) != null) {
            return;                          // not on the Vert.x runtime, or already in place
        }
        context.getRegistry().bind(installed, Boolean.TRUE);
        router.route().order(order()).handler(this::handle);
    }
}
