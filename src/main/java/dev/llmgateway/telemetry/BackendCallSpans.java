package dev.llmgateway.telemetry;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.Route;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.stream.UpstreamCall;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.URI;
import org.apache.camel.Exchange;

/**
 * The CLIENT span of one call to a backend, a child of its request's span ({@link GenAiTracing}):
 * each retry, each replica asked and each fallback is a call of its own. It starts as the request
 * goes out, with the {@code traceparent} the backend gets (the client's trace, this span as
 * parent), and ends with the backend's last byte, or its failure:
 * <pre>
 * chat qwen3-8b  CLIENT  gen_ai.provider.name=openai gen_ai.request.model=qwen3-8b server.address=localhost
 *                        server.port=38037 llm_gateway.backend=lmStudio llm_gateway.attempt=1 http.response.status_code=200
 * </pre>
 * For a request that is not traced it is {@link Span#getInvalid()}, on which every call does nothing.
 */
public final class BackendCallSpans {

    static final AttributeKey<String> SERVER_ADDRESS = stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = longKey("server.port");
    static final AttributeKey<Long> ATTEMPT = longKey("llm_gateway.attempt");
    static final AttributeKey<Long> RESEND_COUNT = longKey("http.request.resend_count");

    private BackendCallSpans() {
    }

    /**
     * The span of the call to {@code baseUrl} about to go out; {@code headers} writes its
     * traceparent (and tracestate) into {@code request}.
     */
    public static <C> Span start(Exchange exchange, String baseUrl, C request, TextMapSetter<C> headers) {
        RequestContext context = exchange.getProperty(RequestContext.PROPERTY, RequestContext.class);
        RequestRecord record = context == null ? null : context.record();
        RequestSpan traced = record == null ? null : record.span();
        if (traced == null) {
            return Span.getInvalid();
        }
        Route route = context.route();
        Backend backend = route == null ? null : route.backend();
        String model = route == null ? null : route.model();
        UpstreamCall call = context.upstreamCall();
        URI uri = uri(baseUrl);
        Span span = traced.tracer().spanBuilder(model == null ? traced.operation() : traced.operation() + " " + model)
                .setParent(Context.root().with(traced.span()))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(GenAiTracing.OPERATION, traced.operation())
                .setAttribute(GenAiTracing.PROVIDER, backend == null ? null : GenAiTracing.provider(backend))
                .setAttribute(GenAiTracing.REQUEST_MODEL, model)
                .setAttribute(GenAiTracing.BACKEND, backend == null ? null : backend.name())
                .setAttribute(SERVER_ADDRESS, uri.getHost())
                .setAttribute(SERVER_PORT, uri.getHost() == null ? null
                        : (long) (uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80))
                .startSpan();
        if (call != null) {
            span.setAttribute(ATTEMPT, (long) call.attempt());
            if (call.attempt() > 1) {
                span.setAttribute(RESEND_COUNT, call.attempt() - 1L);
            }
        }
        GenAiTracing.W3C.inject(Context.root().with(span), request, headers);
        return span;
    }

    /** The replica's base URL for its host and port; tracing never fails a call, whatever the URL. */
    private static URI uri(String baseUrl) {
        try {
            return URI.create(baseUrl);
        } catch (IllegalArgumentException unparsable) {
            return URI.create("");
        }
    }

    /** {@code ended}, then the span's end: the call is over. */
    public static Runnable endingWith(Span span, Runnable ended) {
        if (!span.getSpanContext().isValid()) {
            return ended;
        }
        return () -> {
            ended.run();
            span.end();
        };
    }

    /** The backend answered with {@code status}: an error status fails the call. */
    public static void answered(Span span, int status) {
        span.setAttribute(GenAiTracing.STATUS, (long) status);
        if (status >= 400) {
            span.setAttribute(GenAiTracing.ERROR_TYPE, String.valueOf(status));
            span.setStatus(StatusCode.ERROR);
        }
    }

    /** The call failed without an answer, or its answer broke off: the kind of failure, not its message. */
    public static void failed(Span span, Throwable failure) {
        if (failure != null) {
            span.setAttribute(GenAiTracing.ERROR_TYPE, failure.getClass().getName());
            span.setStatus(StatusCode.ERROR);
        }
    }
}
