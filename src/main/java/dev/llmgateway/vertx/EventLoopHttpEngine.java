package dev.llmgateway.vertx;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * platform-http's engine (the registry bean {@code platform-http-engine}, which platform-http takes
 * before making its own): the routes of the given paths run on the Vert.x event loop that received
 * the request, with Camel's asynchronous routing ({@link EventLoopHttpConsumer}); every other route
 * runs as platform-http runs it, on a worker thread. The chat front doors are such routes: each of
 * their steps either computes or hands work to the non-blocking HTTP client, so a request never
 * leaves its event loop and no thread waits for a backend.
 */
public class EventLoopHttpEngine extends VertxPlatformHttpEngine {

    private final Set<String> onEventLoop;

    /** @param paths the paths whose routes run on the event loop, comma-separated, e.g. {@code /api/chat,/v1/messages} */
    public EventLoopHttpEngine(String paths) {
        this.onEventLoop = Arrays.stream(paths.split(",")).map(String::trim).filter(path -> !path.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        if (onEventLoop.contains(endpoint.getPath())) {
            return new EventLoopHttpConsumer(endpoint, processor, getHandlers(),
                    VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort()));
        }
        return super.createConsumer(endpoint, processor);
    }
}
