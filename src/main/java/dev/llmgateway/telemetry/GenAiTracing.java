package dev.llmgateway.telemetry;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.Route;
import dev.llmgateway.keys.VirtualKey;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Usage;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.security.GatewayKeys;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * One OpenTelemetry span per request to a backend, after the GenAI semantic conventions: kind
 * SERVER, from the front door to the reply's last byte, a child of the client's {@code traceparent},
 * and the parent of one CLIENT span per call to a backend (each retry, replica and fallback:
 * {@link BackendCallSpans}), which carries a {@code traceparent} of its own to the backend:
 * <pre>
 * chat llama3.2   SERVER  gen_ai.operation.name=chat gen_ai.provider.name=ollama gen_ai.request.model=llama3.2
 *                         gen_ai.response.model=llama3.2 gen_ai.usage.input_tokens=5 gen_ai.usage.output_tokens=2
 *                         gen_ai.response.finish_reasons=[stop] llm_gateway.ingress=openai llm_gateway.backend=ollama
 *                         llm_gateway.private=true llm_gateway.stream=false http.response.status_code=200
 *                         llm_gateway.route="model prefix; detected email; private: rerouted from anthropic"
 *   chat llama3.2 CLIENT  gen_ai.provider.name=ollama llm_gateway.backend=ollama server.address=localhost
 *                         server.port=38037 llm_gateway.attempt=1 http.response.status_code=200
 * </pre>
 * A streamed reply adds {@code llm_gateway.stream=true gen_ai.response.time_to_first_chunk=0.026656226}.
 * Never a prompt, a completion or a key: the route names detectors, not what they found; error
 * messages (a backend may quote the prompt in one) are left out too.
 * <p>
 * Not Camel's own tracing (camel-opentelemetry2): it makes a span per route and endpoint (the front
 * door, direct:llm-chat, the backend's route, the kamelet, llm-upstream), some ten per request,
 * none with these attributes, at a cost on every exchange; these two kinds say what an operator
 * looks for. Off unless an OpenTelemetry is there ({@link TracingSetup}); then a request costs a
 * null check.
 */
public final class GenAiTracing {

    static final AttributeKey<String> OPERATION = stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");
    static final AttributeKey<Long> INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<List<String>> FINISH_REASONS = stringArrayKey("gen_ai.response.finish_reasons");
    /** Seconds from the request's arrival to its first token, of a streamed reply. */
    static final AttributeKey<Double> TIME_TO_FIRST_CHUNK = doubleKey("gen_ai.response.time_to_first_chunk");
    static final AttributeKey<Long> STATUS = longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");
    static final AttributeKey<String> PATH = stringKey("url.path");
    static final AttributeKey<String> INGRESS = stringKey("llm_gateway.ingress");
    static final AttributeKey<String> REQUEST_ID = stringKey("llm_gateway.request.id");
    /** The name of the gateway key the request came with (never its secret). */
    static final AttributeKey<String> KEY = stringKey("llm_gateway.key");
    static final AttributeKey<String> BACKEND = stringKey("llm_gateway.backend");
    static final AttributeKey<String> CATEGORY = stringKey("llm_gateway.backend.category");
    static final AttributeKey<Boolean> PRIVATE = booleanKey("llm_gateway.private");
    static final AttributeKey<String> ROUTE = stringKey("llm_gateway.route");
    static final AttributeKey<String> REPLICA = stringKey("llm_gateway.replica");
    static final AttributeKey<Boolean> STREAM = booleanKey("llm_gateway.stream");

    /**
     * W3C trace context only, whatever the OpenTelemetry's own propagators: the gateway passes no
     * other header of a client's to a backend ({@code baggage} may hold what a client never meant
     * for a third party), and a host's OpenTelemetry built without propagators still links traces.
     */
    static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Message> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Message message) {
            return message.getHeaders().keySet();
        }

        @Override
        public String get(Message message, String name) {
            return message == null ? null : message.getHeader(name, String.class);
        }
    };

    private volatile Tracer tracer;         // null: tracing off

    /** Finds the OpenTelemetry to use, if any, once Camel has started. */
    void start(CamelContext camel) {
        OpenTelemetry openTelemetry = TracingSetup.openTelemetry(camel);
        tracer = openTelemetry == null ? null : openTelemetry.getTracer("camel-llm-gateway");
    }

    /** The front door took the request: its span starts, as a child of the client's traceparent. */
    void begin(String ingress, Exchange exchange, RequestRecord record) {
        Tracer current = tracer;
        if (current == null) {
            return;
        }
        String operation = operation(record.path());
        Span span = current.spanBuilder(operation)
                .setParent(W3C.extract(Context.current(), exchange.getMessage(), HEADERS))
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(OPERATION, operation)
                .setAttribute(INGRESS, ingress)
                .setAttribute(REQUEST_ID, record.id())
                .startSpan();
        VirtualKey caller = RequestContext.of(exchange).caller();
        if (caller != null && caller != GatewayKeys.OPEN) {
            span.setAttribute(KEY, caller.name());
        }
        record.traced(new RequestSpan(current, span, operation));
    }

    /** The request is over: what it did, as the log line says it, and the span ends. */
    void end(RequestRecord record, Route route, String replica) {
        RequestSpan traced = record.span();
        if (traced == null) {
            return;
        }
        Span span = traced.span();
        if (span.isRecording()) {
            Backend backend = route == null ? null : route.backend();
            String model = route == null ? null : route.model();
            span.updateName(model == null ? traced.operation() : traced.operation() + " " + model);
            span.setAttribute(REQUEST_MODEL, model);
            span.setAttribute(RESPONSE_MODEL, record.responseModel());
            if (backend != null) {
                span.setAttribute(PROVIDER, provider(backend));
                span.setAttribute(BACKEND, backend.name());
                span.setAttribute(CATEGORY, backend.category());
            }
            if (route != null) {
                span.setAttribute(PRIVATE, route.isPrivate());
                span.setAttribute(ROUTE, route.reason());
            }
            span.setAttribute(REPLICA, replica);
            span.setAttribute(PATH, record.path());
            Usage usage = record.usage();
            if (usage != null) {
                span.setAttribute(INPUT_TOKENS, (long) usage.promptTokens());
                if (!traced.operation().equals("embeddings")) {        // vectors, no tokens out
                    span.setAttribute(OUTPUT_TOKENS, (long) usage.completionTokens());
                }
            }
            if (record.finishReason() != null) {
                span.setAttribute(FINISH_REASONS, List.of(record.finishReason().openAiName()));
            }
            Boolean streamed = record.streamedUpstream();
            span.setAttribute(STREAM, streamed);
            if (Boolean.TRUE.equals(streamed) && record.timeToFirstTokenNanos() >= 0) {
                span.setAttribute(TIME_TO_FIRST_CHUNK, record.timeToFirstTokenNanos() / 1e9);
            }
            span.setAttribute(STATUS, (long) record.status());
            GatewayException failure = record.failure();
            if (failure != null) {
                span.setAttribute(ERROR_TYPE, failure.code() != null ? failure.code() : failure.type());
                if (record.outcome().equals("error")) {
                    span.setStatus(StatusCode.ERROR);
                }
            }
        }
        span.end();
    }

    /** The GenAI operation of a front door's path; the WebSocket channel (no path) chats. */
    static String operation(String path) {
        if (path == null) {
            return "chat";
        }
        if (path.endsWith("/embeddings") || path.endsWith("/embed")) {
            return "embeddings";
        }
        if (path.endsWith("/count_tokens")) {
            return "count_tokens";
        }
        return path.endsWith("/v1/completions") || path.endsWith("/api/generate") ? "text_completion" : "chat";
    }

    /** The semantic conventions' name of the backend's API (an OpenAI-compatible server is "openai"). */
    static String provider(Backend backend) {
        return backend.dialect().equals("gemini") ? "gcp.gemini" : backend.dialect();
    }
}
