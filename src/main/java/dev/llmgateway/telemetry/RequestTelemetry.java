package dev.llmgateway.telemetry;

import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendRegistry;
import dev.llmgateway.backend.CircuitBreakers;
import dev.llmgateway.backend.Route;
import dev.llmgateway.camel.StartupBean;
import dev.llmgateway.discovery.ModelRegistry;
import dev.llmgateway.http.RequestIds;
import dev.llmgateway.keys.VirtualKey;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.model.Usage;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.security.GatewayKeys;
import dev.llmgateway.stream.ChatStream;
import dev.llmgateway.usage.UsageRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metrics and one log line per request to a backend (chat, Responses, completions, embeddings,
 * token counts). Each front door calls {@link #begin} first;
 * {@code direct:llm-chat} calls {@link #routed} and {@link #observe}; when the exchange completes
 * (after the reply or the error went out) the request is counted and logged on logger
 * {@code dev.llmgateway.requests}:
 * <pre>
 * id=req_8f2kQ… ingress=openai key=alice backend=ollama category=local model=llama3.2 private=false stream=true status=200 outcome=ok latency_ms=812 ttft_ms=95 tokens_in=12 tokens_out=8 finish=stop route="model prefix" path=/v1/chat/completions
 * </pre>
 * Never message content, never keys. Meters go to the {@code metricsRegistry} Camel's Prometheus
 * support binds (or the host's own {@link MeterRegistry}). When tracing is on, the request is a span
 * too ({@link GenAiTracing}).
 */
public class RequestTelemetry extends StartupBean {

    private static final Logger REQUESTS = LoggerFactory.getLogger("dev.llmgateway.requests");
    private static final String NONE = "none";

    private final ModelRegistry models;
    private final BackendRegistry backends;
    private final UsageRecorder usageRecorder;
    private volatile ChatMetrics metrics;
    private volatile GatewayKeys gatewayKeys;
    private final GenAiTracing tracing = new GenAiTracing();

    public RequestTelemetry(ModelRegistry models, BackendRegistry backends, UsageRecorder usageRecorder) {
        this.models = models;
        this.backends = backends;
        this.usageRecorder = usageRecorder;
    }

    /** The meters exist from the start, so a scrape before the first request shows every breaker. */
    @Override
    protected void started(CamelContext context) {
        metrics();
        tracing.start(context);
    }

    /** First step of a front door: {@code ingress} names its API (openai, ollama, anthropic, websocket). */
    public void begin(String ingress, Exchange exchange) {
        String id = RequestIds.orNew(exchange.getMessage().getHeader(RequestIds.HEADER, String.class));
        RequestContext context = RequestContext.of(exchange);
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        RequestRecord record = new RequestRecord(id, ingress, uri == null ? null : uri.replaceFirst("\\?.*", ""),
                context.startNanos());
        context.setRecord(record);
        if (context.caller() == null) {
            context.setCaller(caller(exchange));
        }
        tracing.begin(ingress, exchange, record);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                complete(record, context);
                tracing.end(record, context.route(), context.replica());
            }
        });
    }

    /** The key of an HTTP request that passed the front door's check; null without the front doors' beans. */
    private VirtualKey caller(Exchange exchange) {
        GatewayKeys keys = gatewayKeys;
        if (keys == null) {
            keys = exchange.getContext().getRegistry().lookupByNameAndType("llmGatewayKeys", GatewayKeys.class);
            gatewayKeys = keys;
        }
        return keys == null ? null : keys.identify(exchange.getMessage());
    }

    /** After routing: notes whether the reply streams (only then is time to first token measured). */
    public ChatRequest routed(ChatRequest request, Exchange exchange) {
        RequestRecord record = RequestContext.of(exchange).record();
        if (record != null) {
            record.streamed(request.stream());
        }
        return request;
    }

    /** The backend's reply, watched chunk by chunk as the front door relays it. */
    public ChatStream observe(ChatStream upstream, Exchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        RequestRecord record = context.record();
        Backend backend = context.backend();
        if (record == null || backend == null) {
            return upstream;                // an internal caller, e.g. the model tests
        }
        metrics().streamOpened(backend.name());
        return record.observe(new ObservedChatStream(upstream, record, () -> metrics().streamClosed(backend.name())));
    }

    private void complete(RequestRecord record, RequestContext context) {
        Route route = context.route();
        if (record.observed() != null) {
            record.observed().close();      // no-op when relayed; releases it when a failure left it unread
        }
        Backend backend = route == null ? null : route.backend();
        String model = route == null ? null : route.model();
        long latency = System.nanoTime() - record.startNanos();
        long ttft = Boolean.TRUE.equals(record.streamedUpstream()) ? record.timeToFirstTokenNanos() : -1;
        Usage usage = record.usage();
        int in = usage == null ? 0 : usage.promptTokens();
        int out = usage == null ? 0 : usage.completionTokens();
        VirtualKey caller = context.caller();
        double cost = usageRecorder.completed(new UsageRecorder.Finished(record.id(), record.ingress(), caller, route, in, out,
                latency / 1_000_000, record.status(), record.outcome(), context.detected()));
        Tags tags = Tags.of("ingress", record.ingress(), "backend", backend == null ? NONE : backend.name(),
                "model", modelTag(record, backend, model));
        metrics().completed(tags, record.outcome(), record.status(), latency, ttft, in, out,
                caller == null ? NONE : caller.name(), cost);
        REQUESTS.info(new LogLine()
                .add("id", record.id()).add("ingress", record.ingress()).add("key", caller == null || caller == GatewayKeys.OPEN ? null : caller.name())
                .add("backend", backend == null ? null : backend.name())
                .add("category", backend == null ? null : backend.category()).add("model", model)
                .add("private", route == null ? null : route.isPrivate())
                .add("stream", record.streamedUpstream())
                .add("status", record.status()).add("outcome", record.outcome())
                .add("latency_ms", latency / 1_000_000).add("ttft_ms", ttft < 0 ? null : ttft / 1_000_000)
                .add("tokens_in", usage == null ? null : in).add("tokens_out", usage == null ? null : out)
                .add("finish", record.finishReason() == null ? null : record.finishReason().openAiName())
                .add("error", record.failure() == null ? null
                        : record.failure().code() != null ? record.failure().code() : record.failure().type())
                .add("route", route == null ? null : route.reason())
                .add("replica", context.replica()).add("replica_reason", context.replicaReason())
                .add("path", record.path())
                .toString());
    }

    /**
     * The model as a metric tag, bounded: a model that answered or that discovery listed, else
     * "other" — a client that sends random names must not create random series.
     */
    private String modelTag(RequestRecord record, Backend backend, String model) {
        if (backend == null || model == null) {
            return NONE;
        }
        if (record.failure() == null) {
            return model;
        }
        for (ModelInfo known : models.models()) {
            if (known.backend().equals(backend.name()) && known.id().equals(model)) {
                return model;
            }
        }
        return "other";
    }

    private ChatMetrics metrics() {
        ChatMetrics current = metrics;
        if (current == null) {
            synchronized (this) {
                if (metrics == null) {
                    metrics = new ChatMetrics(meterRegistry());
                    watchCircuitBreakers(metrics);
                }
                current = metrics;
            }
        }
        return current;
    }

    /** The breaker of every enabled backend (its route, llm-backend-<name>, may come later: read per scrape). */
    private void watchCircuitBreakers(ChatMetrics target) {
        for (Backend backend : backends.all()) {
            if (backend.enabled()) {
                target.watchCircuitBreaker(backend.name(), () -> CircuitBreakers.state(getCamelContext(), backend.name()));
            }
        }
    }

    /** Camel's Prometheus registry, else the host's one, else Micrometer's global registry. */
    private MeterRegistry meterRegistry() {
        if (getCamelContext() != null) {
            MeterRegistry named = getCamelContext().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
            if (named != null) {
                return named;
            }
            MeterRegistry single = getCamelContext().getRegistry().findSingleByType(MeterRegistry.class);
            if (single != null) {
                return single;
            }
        }
        return Metrics.globalRegistry;
    }
}
