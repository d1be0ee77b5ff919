package dev.llmgateway.websocket;

import dev.llmgateway.camel.LazyAsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends frames to one WebSocket client through {@code direct:llm-ws-send} (the vertx-websocket
 * producer, to the connection its key names) without waiting for the write: a chunk arrives on an
 * event loop, which must not wait for a client. {@code written} runs when the frame has gone to
 * the socket (or could not), which is how a stream learns that its client keeps up.
 */
final class FrameSender {

    private static final Logger LOG = LoggerFactory.getLogger(FrameSender.class);

    private final LazyAsyncProducer producer = new LazyAsyncProducer("direct:llm-ws-send");

    void send(CamelContext camelContext, String connectionKey, String frame, Runnable written) {
        Exchange exchange = new DefaultExchange(camelContext);
        exchange.getMessage().setBody(frame);
        exchange.getMessage().setHeader(WebSocketChatApi.CONNECTION_KEY, connectionKey);
        producer.get(camelContext).process(exchange, doneSync -> {
            if (exchange.getException() != null) {
                // the client closed meanwhile: its CLOSE event cancels what it was receiving
                LOG.debug("A frame was not written: {}", exchange.getException().getMessage());
            }
            written.run();
        });
    }
}
