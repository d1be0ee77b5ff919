package dev.llmgateway.vertx;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A platform-http consumer that routes each request on the event loop that received it, with
 * Camel's asynchronous routing, instead of handing it to a worker thread and back
 * ({@code executeBlocking}) as platform-http does: two thread hand-offs fewer per request, and no
 * thread held while a backend streams. For routes whose steps never block.
 * <p>
 * The route writes its reply itself (a stream), or leaves it in the message as a front door's
 * whole reply does: status ({@code CamelHttpResponseCode}), {@code Content-Type}, the gateway's
 * own headers ({@code X-LLM-Backend}, {@code Retry-After}) and the body, which this writes.
 */
final class EventLoopHttpConsumer extends VertxPlatformHttpConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoopHttpConsumer.class);
    private static final List<String> REPLY_HEADERS = List.of("Content-Type", "X-LLM-Backend", "Retry-After");

    EventLoopHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor, List<Handler<RoutingContext>> handlers,
                          String routerName) {
        super(endpoint, processor, handlers, routerName);
    }

    @Override
    protected void handleRequest(RoutingContext ctx) {
        if (isSuspended()) {
            super.handleRequest(ctx);                      // platform-http answers 503
            return;
        }
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        processHttpRequest(exchange, ctx).onComplete(read -> {
            if (read.failed()) {
                releaseExchange(exchange, false);
                ctx.fail(read.cause());
                return;
            }
            try {
                createUoW(exchange);
            } catch (Exception e) {
                releaseExchange(exchange, false);
                ctx.fail(e);
                return;
            }
            getAsyncProcessor().process(exchange, doneSync -> {
                try {
                    writeReply(ctx.response(), exchange);
                } catch (RuntimeException e) {
                    LOG.warn("Could not write the reply of {}: {}", getEndpoint().getPath(), e.toString());
                } finally {
                    doneUoW(exchange);
                    releaseExchange(exchange, false);
                }
            });
        });
    }

    private static void writeReply(HttpServerResponse response, Exchange exchange) {
        if (response.ended() || response.closed()) {
            return;                                         // streamed, or the client is gone
        }
        if (exchange.getException() != null) {              // the route's error handler did not take it
            LOG.warn("Unhandled failure: {}", exchange.getException().toString());
            response.setStatusCode(500).putHeader("Content-Type", "application/json")
                    .end("{\"error\":{\"message\":\"internal error\",\"type\":\"internal_error\"}}");
            return;
        }
        Message message = exchange.getMessage();
        response.setStatusCode(message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class));
        for (String name : REPLY_HEADERS) {
            Object value = message.getHeader(name);
            if (value != null) {
                response.putHeader(name, value.toString());
            }
        }
        Object body = message.getBody();
        if (body == null) {
            response.end();
        } else if (body instanceof byte[] bytes) {
            response.end(Buffer.buffer(bytes));
        } else {
            response.end(message.getBody(String.class));
        }
    }
}
