package dev.llmgateway.backend;

import dev.llmgateway.camel.ContextBean;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.request.RequestContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;
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
public class BackendCalls extends ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger(BackendCalls.class);

    private final BackendRegistry registry;
    private volatile ProducerTemplate producer;

    public BackendCalls(BackendRegistry registry) {
        this.registry = registry;
    }

    /** Step of {@code direct:llm-chat}: returns the reply body of the first backend that answered. */
    public Object call(ChatRequest request, Exchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        Route routed = context.route();
        Backend first = routed.backend();
        Throwable last = null;
        Route failedOn = routed;
        for (Backend backend : candidates(first, routed.isPrivate(), request.model())) {
            String model = modelOn(backend, first, request.model());
            Exchange call = exchange.copy();            // shares the context
            context.setRoute(routed.to(backend, model));
            call.getMessage().setBody(request.withModel(model));
            producer().send("direct:llm-backend-" + backend.name(), call);
            if (call.getException() == null) {
                if (backend != first) {
                    LOG.info("Backend {} answered for {} ({})", backend.name(), first.name(),
                            BackendRetries.reason(last, failedOn.backend()));
                    context.setRoute(routed.failedOverTo(backend, model));
                }
                return call.getMessage().getBody();
            }
            last = call.getException();
            failedOn = routed.to(backend, model);
            if (BackendRetries.verdict(last) == BackendRetries.Verdict.GIVE_UP) {
                break;
            }
        }
        throw failure(context, last, failedOn);
    }

    /** The failure to report, with the backend that failed last: its name and its key's removal belong to it. */
    private static RuntimeException failure(RequestContext context, Throwable failure, Route failedOn) {
        context.setRoute(failedOn);
        return failure instanceof RuntimeException runtime ? runtime : new RuntimeCamelException(failure);
    }

    /** The backend, then its fallbacks that may take this request (never a third party for private data). */
    private List<Backend> candidates(Backend first, boolean isPrivate, String model) {
        List<Backend> candidates = new ArrayList<>(List.of(first));
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

    private ProducerTemplate producer() {
        ProducerTemplate template = producer;
        if (template == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = getCamelContext().createProducerTemplate();
                }
                template = producer;
            }
        }
        return template;
    }
}
