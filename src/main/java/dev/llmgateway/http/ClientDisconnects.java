package dev.llmgateway.http;

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

    /** The request's cancellation, watching the client's connection from now on (once per exchange). */
    public static Cancellation watch(Exchange exchange) {
        Cancellation cancellation = exchange.getProperty(Cancellation.PROPERTY, Cancellation.class);
        if (cancellation != null) {
            return cancellation;
        }
        Cancellation created = new Cancellation();
        exchange.setProperty(Cancellation.PROPERTY, created);
        HttpMessage message = exchange.getIn(HttpMessage.class);
        if (message != null) {
            message.getResponse().closeHandler(closed -> created.cancel());
        }
        return created;
    }
}
