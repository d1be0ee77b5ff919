package dev.llmgateway.backend;

import dev.llmgateway.camel.ContextBean;
import dev.llmgateway.config.Durations;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.security.LogSafe;
import dev.llmgateway.security.Secrets;
import dev.llmgateway.stream.Cancellation;
import dev.llmgateway.stream.ClientGoneException;
import dev.llmgateway.stream.UpstreamCall;
import dev.llmgateway.stream.UpstreamCalls;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the chosen backend through its route {@code direct:llm-backend-<name>} (circuit breaker
 * and kamelet), and when it cannot answer, retries it and then its {@code agents.fallbacks.<name>}.
 * All of this happens before the reply's first byte reaches the client: the kamelet returns as soon
 * as the upstream's status line arrived, and a request whose stream began is never sent again.
 * <ul>
 *   <li>retried, after {@code agents.retry.backoff} doubling per attempt, up to
 *       {@code agents.retry.maxAttempts} per backend: connection failures, 429, 5xx; a backend that
 *       says {@code Retry-After: 7} is asked again after 7 s, or, when that is longer than
 *       {@code agents.retry.maxRetryAfter}, not again (and the client is told Retry-After);</li>
 *   <li>straight to the next backend: an open circuit breaker, no answer within the time limit;</li>
 *   <li>to the client at once: the request's own faults (4xx), which another backend would refuse too.</li>
 * </ul>
 * A fallback gets the request with its own {@code defaultModel} when it has one. A private request
 * never fails over to a third-party backend.
 */
public class BackendCalls extends ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger(BackendCalls.class);

    private enum Verdict { RETRY, NEXT_BACKEND, GIVE_UP }

    private final BackendRegistry registry;
    private final UpstreamCalls calls;
    private volatile ProducerTemplate producer;
    private int maxAttempts;
    private long backoffMillis;
    private long maxRetryAfterMillis;

    public BackendCalls(BackendRegistry registry, UpstreamCalls calls) {
        this.registry = registry;
        this.calls = calls;
    }

    /** Reads the retry settings at start ({@code initMethod}): a bad value stops the start, naming it. */
    public void init() {
        maxAttempts = Math.max(1, Integer.parseInt(setting("agents.retry.maxAttempts", "3")));
        backoffMillis = Durations.parse("agents.retry.backoff", setting("agents.retry.backoff", "250ms")).toMillis();
        maxRetryAfterMillis = Durations.parse("agents.retry.maxRetryAfter", setting("agents.retry.maxRetryAfter", "10s")).toMillis();
    }

    /** Step of {@code direct:llm-chat}: returns the reply body of the first backend that answered. */
    public Object call(ChatRequest request, Exchange exchange) throws InterruptedException {
        Backend first = exchange.getProperty(BackendRouter.BACKEND, Backend.class);
        Throwable last = null;
        Backend failedOn = first;
        boolean isPrivate = exchange.getProperty(BackendRouter.PRIVATE, false, Boolean.class);
        Cancellation clientLeaves = exchange.getProperty(Cancellation.PROPERTY, Cancellation.class);
        for (Backend backend : candidates(first, isPrivate, request.model())) {
            String model = modelOn(backend, first, request.model());
            for (int attempt = 1; attempt <= maxAttempts; attempt++) {
                if (clientLeaves != null && clientLeaves.isCancelled()) {
                    throw new ClientGoneException("the client left before the backend answered");
                }
                Exchange call = exchange.copy();
                call.setProperty(BackendRouter.BACKEND, backend);
                call.setProperty(BackendRouter.MODEL, model);
                call.getMessage().setBody(request.withModel(model));
                UpstreamCall upstream = calls.open(backend.name(), Duration.ofMillis(backend.firstByteTimeoutMillis()),
                        Duration.ofMillis(backend.idleTimeoutMillis()), Duration.ofMillis(backend.totalTimeoutMillis()));
                call.setProperty(UpstreamCall.PROPERTY, upstream);
                if (clientLeaves != null) {
                    clientLeaves.watch(upstream);
                }
                upstream.send(() -> producer().send("direct:llm-backend-" + backend.name(), call));
                if (call.getException() != null) {
                    upstream.finished();
                    if (upstream.isCancelled()) {
                        throw new ClientGoneException("the client left before the backend answered");
                    }
                    if (upstream.overdue() != null) {
                        call.setException(upstream.overdue());      // the limit, not the aborted read it caused
                    }
                }
                if (call.getException() == null) {
                    if (backend != first) {
                        LOG.info("Backend {} answered for {} ({})", backend.name(), first.name(), reason(last, failedOn));
                        exchange.setProperty(BackendRouter.REASON, exchange.getProperty(BackendRouter.REASON, String.class)
                                + "; failover from " + first.name());
                    }
                    exchange.setProperty(BackendRouter.BACKEND, backend);
                    exchange.setProperty(BackendRouter.MODEL, model);
                    return call.getMessage().getBody();
                }
                last = call.getException();
                failedOn = backend;
                Verdict verdict = verdict(last);
                if (verdict == Verdict.GIVE_UP) {
                    throw failure(exchange, last, backend);
                }
                Long retryAfter = retryAfterMillis(last);
                if (verdict == Verdict.NEXT_BACKEND || attempt == maxAttempts
                        || retryAfter != null && retryAfter > maxRetryAfterMillis) {
                    LOG.warn("Backend {} failed, attempt {}: {}", backend.name(), attempt, reason(last, backend));
                    break;
                }
                // the backend's Retry-After when it sent one (up to agents.retry.maxRetryAfter), else the backoff
                long delay = retryAfter != null ? retryAfter : backoffMillis << (attempt - 1);
                LOG.info("Backend {} failed, attempt {} of {}; again in {} ms: {}", backend.name(), attempt,
                        maxAttempts, delay, reason(last, backend));
                Thread.sleep(delay);
            }
        }
        throw failure(exchange, last, failedOn);
    }

    /** The failure to report, with the backend that failed last: its name and its key's removal belong to it. */
    private static RuntimeException failure(Exchange exchange, Throwable failure, Backend failedOn) {
        exchange.setProperty(BackendRouter.BACKEND, failedOn);
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

    private static Long retryAfterMillis(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof GatewayException error) {
                return error.retryAfterSeconds() == null ? null : error.retryAfterSeconds() * 1000;
            }
        }
        return null;
    }

    private static Verdict verdict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CallNotPermittedException || t instanceof BulkheadFullException
                    || t instanceof SocketTimeoutException) {
                return Verdict.NEXT_BACKEND;
            }
            if (t instanceof GatewayException error && error.status() == 504) {
                return Verdict.NEXT_BACKEND;      // too slow: asking it again would be as slow
            }
            if (t instanceof GatewayException error) {
                return error.status() == 429 || error.status() >= 500 ? Verdict.RETRY : Verdict.GIVE_UP;
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof IOException) {
                return Verdict.RETRY;             // refused, reset, or closed without an answer
            }
        }
        return Verdict.GIVE_UP;
    }

    /** For the log: the failure's message without the backend's key, on one line. */
    private static String reason(Throwable failure, Backend backend) {
        return failure == null ? "" : LogSafe.text(failure.getClass().getSimpleName() + ": "
                + Secrets.scrub(failure.getMessage(), backend.apiKey()));
    }

    private String setting(String key, String otherwise) {
        return getCamelContext().getPropertiesComponent().resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty())
                .orElse(otherwise);
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
