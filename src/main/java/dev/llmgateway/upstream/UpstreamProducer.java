package dev.llmgateway.upstream;

import dev.llmgateway.model.GatewayException;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.stream.LiveReply;
import dev.llmgateway.stream.UpstreamCall;
import dev.llmgateway.stream.UpstreamFailures;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Sends the message to the backend and completes the exchange when the answer is there, without a
 * thread waiting in between:
 * <ul>
 *   <li>a streamed answer ({@code text/event-stream}, {@code application/x-ndjson}) completes the
 *       exchange as soon as its status line and headers arrived, with a paused {@link LiveReply} as
 *       the body, read from then on as the client takes it;</li>
 *   <li>any other answer, and every error status, is read whole first (up to
 *       {@value #MAX_REPLY_BYTES} bytes: a larger one is a 502, not an {@code OutOfMemoryError}),
 *       and becomes the body as bytes.</li>
 * </ul>
 * The answer's status is the header {@code CamelHttpResponseCode}, its headers are message headers.
 * When the exchange carries the request's {@link RequestContext} with an {@link UpstreamCall}, the
 * call can reset the request at any moment (its time limits, a client that left), and every piece
 * of the answer counts as the call's progress. A failure to connect or a connection that broke
 * before the answer is an {@link java.io.IOException}, as a blocking client would throw.
 */
final class UpstreamProducer extends DefaultAsyncProducer {

    static final int MAX_REPLY_BYTES = 64 * 1024 * 1024;
    /** Headers the HTTP client writes itself, and Camel's own. */
    private static final Set<String> NOT_SENT = Set.of("host", "content-length", "transfer-encoding", "connection");

    private final UpstreamEndpoint endpoint;

    UpstreamProducer(UpstreamEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Message message = exchange.getMessage();
        UpstreamCall call = RequestContext.find(exchange).map(RequestContext::upstreamCall).orElse(null);
        RequestOptions options;
        Buffer body;
        try {
            options = options(message);
            body = body(message);
        } catch (RuntimeException invalid) {
            exchange.setException(invalid);
            callback.done(true);
            return true;
        }
        endpoint.client().request(options).onComplete(connected -> {
            if (connected.failed()) {
                failed(connected.cause(), exchange, callback);
                return;
            }
            HttpClientRequest request = connected.result();
            if (call != null) {
                call.attach(request::reset);
            }
            // on the response future itself, not on one composed from it: that one completes on the
            // caller's context, possibly after the body already went by (Vert.x drops a body that
            // arrives before its response has a handler)
            request.response().onComplete(answer -> {
                if (answer.failed()) {
                    failed(answer.cause(), exchange, callback);
                } else {
                    answered(answer.result(), exchange, call, callback);
                }
            });
            if (body == null) {
                request.end();
            } else {
                request.end(body);
            }
        });
        return false;
    }

    private static void failed(Throwable failure, Exchange exchange, AsyncCallback callback) {
        exchange.setException(UpstreamFailures.of(failure));
        callback.done(false);
    }

    private RequestOptions options(Message message) {
        String path = message.getHeader(Exchange.HTTP_PATH, "", String.class);
        String query = message.getHeader(Exchange.HTTP_QUERY, String.class);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(message.getHeader(Exchange.HTTP_METHOD, "POST", String.class)))
                .setAbsoluteURI(endpoint.getBaseUrl() + (path.isEmpty() || path.startsWith("/") ? path : "/" + path)
                        + (query == null || query.isEmpty() ? "" : "?" + query))
                .setIdleTimeout(endpoint.getReadTimeout());
        message.getHeaders().forEach((name, value) -> {
            if (value != null && !name.startsWith("Camel") && !NOT_SENT.contains(name.toLowerCase(Locale.ROOT))) {
                options.putHeader(name, value.toString());
            }
        });
        return options;
    }

    private static Buffer body(Message message) {
        Object body = message.getBody();
        if (body == null) {
            return null;
        }
        if (body instanceof String text) {
            return Buffer.buffer(text);
        }
        byte[] bytes = message.getBody(byte[].class);
        if (bytes == null) {
            throw new IllegalArgumentException("llm-upstream sends text or bytes, not a " + body.getClass().getName());
        }
        return Buffer.buffer(bytes);
    }

    private void answered(HttpClientResponse response, Exchange exchange, UpstreamCall call, AsyncCallback callback) {
        if (call != null) {
            call.answered();
        }
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        response.headers().forEach(header -> message.setHeader(header.getKey(), header.getValue()));
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.statusCode());
        String contentType = String.valueOf(response.getHeader("Content-Type"));
        if (response.statusCode() < 400 && (contentType.contains("text/event-stream") || contentType.contains("ndjson"))) {
            message.setBody(new LiveReply(new HeldBody(response), () -> response.request().reset(),
                    onReaderThread(Vertx.currentContext())));
            callback.done(false);
            return;
        }
        readWhole(response, exchange, call, callback);
    }

    private void readWhole(HttpClientResponse response, Exchange exchange, UpstreamCall call, AsyncCallback callback) {
        Buffer whole = Buffer.buffer();
        AtomicBoolean over = new AtomicBoolean();
        HttpClientRequest request = response.request();
        response.handler(piece -> {
            if (call != null) {
                call.progressed();
            }
            if (whole.length() + piece.length() > MAX_REPLY_BYTES) {
                if (over.compareAndSet(false, true)) {
                    request.reset();
                    exchange.setException(GatewayException.upstream(endpoint.getBackend(), 502, "the reply is larger than the "
                            + MAX_REPLY_BYTES + " bytes the gateway reads of one reply"));
                    callback.done(false);
                }
                return;
            }
            whole.appendBuffer(piece);
        });
        response.exceptionHandler(failure -> {
            if (over.compareAndSet(false, true)) {
                exchange.setException(UpstreamFailures.of(failure));
                callback.done(false);
            }
        });
        response.endHandler(end -> {
            if (over.compareAndSet(false, true)) {
                if (call != null) {
                    call.finished();
                }
                exchange.getMessage().setBody(whole.getBytes());
                callback.done(false);
            }
        });
    }

    /** Runs a task on the event loop of {@code context}: at once when already there. */
    private static Executor onReaderThread(Context context) {
        if (context == null) {
            return Runnable::run;
        }
        return task -> {
            if (Context.isOnEventLoopThread() && Vertx.currentContext() == context) {
                task.run();
            } else {
                context.runOnContext(v -> task.run());
            }
        };
    }
}
