package dev.llmgateway.websocket;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;
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
    private static final String SEND = "direct:llm-ws-send";

    private volatile AsyncProducer producer;

    void send(CamelContext camelContext, String connectionKey, String frame, Runnable written) {
        Exchange exchange = new DefaultExchange(camelContext);
        exchange.getMessage().setBody(frame);
        exchange.getMessage().setHeader(WebSocketChatApi.CONNECTION_KEY, connectionKey);
        producer(camelContext).process(exchange, doneSync -> {
            if (exchange.getException() != null) {
                // the client closed meanwhile: its CLOSE event cancels what it was receiving
                LOG.debug("A frame was not written: {}", exchange.getException().getMessage());
            }
            written.run();
        });
    }

    private AsyncProducer producer(CamelContext camelContext) {
        AsyncProducer current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    try {
                        AsyncProducer created = camelContext.getEndpoint(SEND).createAsyncProducer();
                        ServiceHelper.startService(created);
                        producer = created;
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot send to " + SEND, e);
                    }
                }
                current = producer;
            }
        }
        return current;
    }
}
