package dev.llmgateway.http;

import dev.llmgateway.model.GatewayException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the chat requests in the gateway at once ({@code gateway.http.maxConcurrentChats}): the
 * next one is answered 503 {@code overloaded} with {@code Retry-After: 1} at once, on the event
 * loop, instead of waiting in Vert.x's queue for one of the worker threads every open stream holds.
 * The count covers a request from its arrival to the end of its response (or the client leaving).
 * While the gateway shuts down, new chat requests get 503 {@code shutting_down}; the running ones
 * may finish within {@code camel.main.shutdownTimeout}.
 */
public class OverloadFilter extends PlatformHttpFilter {

    /** Every path that calls a backend for its answer (chats, Responses, completions, embeddings, token counts). */
    private static final Set<String> CHAT_PATHS = Set.of("/v1/chat/completions", "/api/chat", "/v1/messages",
            "/v1/responses", "/v1/completions", "/api/generate", "/v1/embeddings", "/api/embed", "/api/embeddings",
            "/v1/messages/count_tokens");

    private final int maxConcurrentChats;
    private final AtomicInteger running = new AtomicInteger();

    public OverloadFilter(int maxConcurrentChats) {
        this.maxConcurrentChats = maxConcurrentChats;
    }

    /** After the key check and the body checks: refused requests do not take a place. */
    @Override
    protected Stage stage() {
        return Stage.OVERLOAD;
    }

    @Override
    protected void handle(RoutingContext routing) {
        if (routing.request().method() != HttpMethod.POST || !CHAT_PATHS.contains(CanonicalPath.of(routing))) {
            routing.next();
            return;
        }
        if (getCamelContext() != null && getCamelContext().isStopping()) {
            IngressErrors.reply(routing, new GatewayException(503, "overloaded", "shutting_down",
                    "the gateway is shutting down; the requests it is serving may finish"));
            return;
        }
        if (running.incrementAndGet() > maxConcurrentChats) {
            running.decrementAndGet();
            routing.response().putHeader("Retry-After", "1");
            IngressErrors.reply(routing, new GatewayException(503, "overloaded", "overloaded", "the gateway is serving "
                    + maxConcurrentChats + " chat requests already (gateway.http.maxConcurrentChats); retry in a moment"));
            return;
        }
        routing.addEndHandler(done -> running.decrementAndGet());
        routing.next();
    }

    /** Chat requests in the gateway now. */
    public int running() {
        return running.get();
    }
}
