package dev.llmgateway.upstream;

import dev.llmgateway.model.GatewayException;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.stream.LiveReply;
import dev.llmgateway.stream.UpstreamCall;
import dev.llmgateway.stream.UpstreamFailures;
import dev.llmgateway.telemetry.BackendCallSpans;
import dev.llmgateway.upstream.ReplicaSet.Replica;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamProducer.class);

    static final int MAX_REPLY_BYTES = 64 * 1024 * 1024;
    /** Headers the HTTP client writes itself, and Camel's own. */
    private static final Set<String> NOT_SENT = Set.of("host", "content-length", "transfer-encoding", "connection");

    /** The call's traceparent (tracestate): set, not added, as each replica asked is a call of its own. */
    private static final TextMapSetter<RequestOptions> TRACE_HEADERS = (options, name, value) ->
            options.removeHeader(name).putHeader(name, value);

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
        String target;
        Buffer body;
        try {
            options = options(message);
            target = target(message);
            body = body(message);
        } catch (RuntimeException invalid) {
            exchange.setException(invalid);
            callback.done(true);
            return true;
        }
        send(exchange, callback, call, options, target, body, new HashSet<>());
        return false;
    }

    /**
     * Sends to the replica {@link ReplicaSet#pick} chooses among those not {@code tried}; when it
     * refuses the connection, or closes it before it answered (a replica shutting down closes the
     * connections the gateway keeps open to it), to the next one, without the caller noticing. A
     * call that its client or a time limit stopped goes nowhere else.
     */
    private void send(Exchange exchange, AsyncCallback callback, UpstreamCall call, RequestOptions options, String target,
                      Buffer body, Set<Replica> tried) {
        ReplicaSet replicas = endpoint.replicas();
        RequestContext context = replicas.size() == 1 ? null : RequestContext.find(exchange).orElse(null);
        String model = context == null || context.route() == null ? null : context.route().model();
        String conversation = context == null ? null : context.conversation();
        ReplicaSet.Choice choice = replicas.pick(tried, model, conversation);
        Replica replica = choice.replica();
        tried.add(replica);
        // each replica asked is a call of its own, in a span of its own (a no-op when not traced)
        Span span = BackendCallSpans.start(exchange, replica.baseUrl(), options, TRACE_HEADERS);
        Runnable ended = BackendCallSpans.endingWith(span, replica.begin());
        Runnable next = () -> send(exchange, callback, call, options, target, body, tried);
        options.setAbsoluteURI(replica.baseUrl() + target);
        endpoint.client().request(options).onComplete(connected -> {
            if (connected.failed()) {
                BackendCallSpans.failed(span, connected.cause());
                ended.run();
                if (!askedAnother(replica, connected.cause(), refused(connected.cause()), call, tried, next)) {
                    failed(connected.cause(), exchange, callback);
                }
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
                    BackendCallSpans.failed(span, answer.cause());
                    ended.run();
                    if (!askedAnother(replica, answer.cause(), true, call, tried, next)) {
                        failed(answer.cause(), exchange, callback);
                    }
                } else {
                    BackendCallSpans.answered(span, answer.result().statusCode());
                    answer.result().end().onComplete(done -> {
                        BackendCallSpans.failed(span, done.cause());
                        ended.run();
                    });
                    if (answer.result().statusCode() >= 500) {
                        replica.failed();
                    }
                    if (context != null) {
                        context.setReplica(replica.baseUrl(), choice.reason());
                        if (answer.result().statusCode() < 400) {
                            replicas.served(replica, model, conversation);
                        }
                    }
                    answered(answer.result(), exchange, call, callback);
                }
            });
            if (body == null) {
                request.end();
            } else {
                request.end(body);
            }
        });
    }

    /**
     * A replica failed before it answered: counted, and when it {@code gaveUp} (refused, or closed
     * the connection) while another replica is left and the call still runs, that one is asked.
     */
    private boolean askedAnother(Replica replica, Throwable failure, boolean gaveUp, UpstreamCall call, Set<Replica> tried,
                                 Runnable next) {
        boolean stopped = call != null && (call.isCancelled() || call.overdue() != null);
        if (!gaveUp || stopped || tried.size() >= endpoint.replicas().size()) {
            replica.failed();
            return false;
        }
        replica.refused();
        LOG.info("Backend {}: replica {} failed before answering ({}); asking another", endpoint.getBackend(),
                replica.baseUrl(), failure.getMessage());
        next.run();
        return true;
    }

    /** A connection the replica refused or never opened: nothing reached it. */
    private static boolean refused(Throwable failure) {
        return failure instanceof ConnectException || failure instanceof UnknownHostException
                || failure.getClass().getSimpleName().equals("ConnectTimeoutException");
    }

    private static void failed(Throwable failure, Exchange exchange, AsyncCallback callback) {
        exchange.setException(UpstreamFailures.of(failure));
        callback.done(false);
    }

    /** Path and query below the base URL: {@code /api/chat}, {@code /v1beta/models/x:streamGenerateContent?alt=sse}. */
    private static String target(Message message) {
        String path = message.getHeader(Exchange.HTTP_PATH, "", String.class);
        String query = message.getHeader(Exchange.HTTP_QUERY, String.class);
        return (path.isEmpty() || path.startsWith("/") ? path : "/" + path) + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private RequestOptions options(Message message) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(message.getHeader(Exchange.HTTP_METHOD, "POST", String.class)))
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
