package dev.llmgateway.http;

import dev.llmgateway.request.RequestContext;
import dev.llmgateway.stream.Cancellation;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Cancels an HTTP request's {@link Cancellation} when its client closes the connection, whatever
 * the request is doing: waiting for the backend's first byte, gathering a whole reply, streaming.
 */
public final class ClientDisconnects {

    private ClientDisconnects() {
    }

    /** The request's cancellation, watching the client's connection from now on (again: the same handler). */
    public static Cancellation watch(Exchange exchange) {
        Cancellation cancellation = RequestContext.of(exchange).cancellation();
        HttpMessage message = exchange.getIn(HttpMessage.class);
        if (message != null) {
            message.getResponse().closeHandler(closed -> cancellation.cancel());    // replaces a handler set before
        }
        return cancellation;
    }
}
