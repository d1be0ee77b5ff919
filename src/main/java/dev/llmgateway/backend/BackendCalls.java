package dev.llmgateway.backend;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.model.BackendRequest;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.stream.ChatStream;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the chosen backend through its route {@code direct:llm-backend-<name>} (privacy gate,
 * circuit breaker, kamelet; Camel's error handler retries it as {@link BackendRetries} says), and
 * when it cannot answer, its {@code agents.fallbacks.<name>} one after the other, unless the
 * failure is the request's own fault (a 4xx, which another backend would refuse too) or the client
 * left. All of this happens before the reply's first byte reaches the client: a route returns as
 * soon as the upstream's status line arrived, and a request whose stream began is never sent again.
 * A fallback gets the request with its own {@code defaultModel} when it has one. A private request
 * never fails over to a third-party backend.
 */
public class BackendCalls extends AsyncProcessorSupport {

    private static final Logger LOG = LoggerFactory.getLogger(BackendCalls.class);

    private final BackendRegistry registry;
    private final Map<String, AsyncProducer> producers = new ConcurrentHashMap<>();

    public BackendCalls(BackendRegistry registry) {
        this.registry = registry;
    }

    /**
     * Step of {@code direct:llm-chat}: the reply body of the first backend that answered. A caller
     * on a Vert.x event loop (an HTTP front door) gets it there, later, and no thread waits; any
     * other caller (a host's route, the WebSocket channel's consumers, the model tests) keeps its
     * own thread, which waits, so that what it does next may block.
     */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        BackendRequest request = exchange.getMessage().getBody(BackendRequest.class);
        RequestContext context = RequestContext.of(exchange);
        Route routed = context.route();
        // off an event loop the backend's route is called the blocking way, through Camel's await
        // manager: waiting on a future here would stall Camel's reactive executor, which runs the
        // backend's route on this very thread
        boolean blocking = !Context.isOnEventLoopThread();
        CompletableFuture<Object> reply = new CompletableFuture<>();
        if (request instanceof ChatRequest chat) {
            context.setConversation(chat::conversationKey);      // a replica that served it before may take it
        }
        ChatChunk loaded = loadedWithoutCall(request, routed.backend());
        if (loaded != null) {
            exchange.getMessage().setBody(ChatStream.of(List.of(loaded)));
            callback.done(true);
            return true;
        }
        try {
            attempt(exchange, request, routed, candidates(routed.backend(), routed.isPrivate(), request), 0, null, routed,
                    reply, blocking);
        } catch (RuntimeException e) {
            reply.completeExceptionally(e);
        }
        reply.whenComplete((body, failure) -> {
            if (failure != null) {
                exchange.setException(failure instanceof CompletionException wrapped ? wrapped.getCause() : failure);
            } else {
                exchange.getMessage().setBody(body);
            }
            callback.done(blocking);
        });
        return blocking;
    }

    /**
     * Ollama's empty prompt only loads (or, with {@code keep_alive:0}, unloads) the model: a backend
     * that does not complete text natively loads its models itself, so it is answered at once,
     * {@code done_reason:"load"}, and not called.
     */
    private static ChatChunk loadedWithoutCall(BackendRequest request, Backend backend) {
        if (!(request instanceof ChatRequest chat) || chat.completion() == null || !chat.completion().loadsOnly()
                || chat.messages().stream().anyMatch(m -> !m.images().isEmpty())
                || BackendCodecs.codec(backend.dialect()).map(codec -> codec.completesText(chat, backend)).orElse(true)) {
            return null;
        }
        JsonNode keepAlive = chat.options().keepAlive();
        boolean unload = keepAlive != null && (keepAlive.asText().equals("0") || keepAlive.asText().equals("0s"));
        return new ChatChunk("", null, List.of(), unload ? FinishReason.UNLOAD : FinishReason.LOAD, null, chat.model());
    }

    /** Calls candidate {@code index} and, when it cannot answer, the next one. */
    private void attempt(Exchange exchange, BackendRequest request, Route routed, List<Backend> candidates, int index,
                         Throwable last, Route failedOn, CompletableFuture<Object> reply, boolean blocking) {
        RequestContext context = RequestContext.of(exchange);
        if (index == candidates.size()) {
            reply.completeExceptionally(failure(context, last, failedOn));
            return;
        }
        Backend first = routed.backend();
        Backend backend = candidates.get(index);
        String model = modelOn(backend, first, request.model());
        Exchange call = exchange.copy();                // shares the context
        context.setRoute(routed.to(backend, model));
        call.getMessage().setBody(request.withModel(model));
        Runnable answered = () -> {
            Throwable failure = call.getException();
            if (failure == null) {
                if (backend != first) {
                    LOG.info("Backend {} answered for {} ({})", backend.name(), first.name(),
                            BackendRetries.reason(last, failedOn.backend()));
                    context.setRoute(routed.failedOverTo(backend, model));
                }
                reply.complete(call.getMessage().getBody());
                return;
            }
            Route failedHere = routed.to(backend, model);
            if (BackendRetries.verdict(failure) == BackendRetries.Verdict.GIVE_UP) {
                reply.completeExceptionally(failure(context, failure, failedHere));
                return;
            }
            attempt(exchange, request, routed, candidates, index + 1, failure, failedHere, reply, blocking);
        };
        if (blocking) {
            try {
                producer(exchange.getContext(), backend).process(call);
            } catch (Exception e) {
                call.setException(e);
            }
            answered.run();
        } else {
            producer(exchange.getContext(), backend).process(call, doneSync -> answered.run());
        }
    }

    /** The failure to report, with the backend that failed last: its name and its key's removal belong to it. */
    private static RuntimeException failure(RequestContext context, Throwable failure, Route failedOn) {
        context.setRoute(failedOn);
        return failure instanceof RuntimeException runtime ? runtime : new RuntimeCamelException(failure);
    }

    /**
     * The backend, then its fallbacks that may take this request (never a third party for private
     * data; none for a request that may not fail over, such as embeddings).
     */
    private List<Backend> candidates(Backend first, boolean isPrivate, BackendRequest request) {
        List<Backend> candidates = new ArrayList<>(List.of(first));
        if (!request.mayFailOver()) {
            return candidates;
        }
        String model = request.model();
        for (Backend fallback : registry.fallbacks(first)) {
            boolean privateThere = isPrivate || registry.privacy().isPrivateModel(fallback.name(), modelOn(fallback, first, model));
            if (fallback.enabled() && (!privateThere || PrivacyRules.allows(fallback))) {
                candidates.add(fallback);
            }
        }
        return candidates;
    }

    /** A fallback gets the request with its own defaultModel when it has one. */
    private static String modelOn(Backend backend, Backend first, String model) {
        return backend == first || backend.defaultModel() == null ? model : backend.defaultModel();
    }

    private AsyncProducer producer(CamelContext camelContext, Backend backend) {
        return producers.computeIfAbsent(backend.name(), name -> {
            try {
                AsyncProducer producer = camelContext.getEndpoint("direct:llm-backend-" + name).createAsyncProducer();
                ServiceHelper.startService(producer);
                return producer;
            } catch (Exception e) {
                throw new IllegalStateException("no route for backend '" + name + "'", e);
            }
        });
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(producers.values());
        producers.clear();
    }
}
