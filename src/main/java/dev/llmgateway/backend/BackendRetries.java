package dev.llmgateway.backend;

import dev.llmgateway.camel.ContextBean;
import dev.llmgateway.config.Durations;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.security.LogSafe;
import dev.llmgateway.security.Secrets;
import dev.llmgateway.stream.ClientGoneException;
import dev.llmgateway.stream.UpstreamCall;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether and when Camel's error handler calls a backend again after its call failed; the error
 * handler of every backend route ({@code routeConfiguration llm-backend-calls} in
 * {@code routes/llm-chat.yaml}) asks it. A route returns as soon as the backend's status line
 * arrived, so every retry happens before anything reached the client.
 * <ul>
 *   <li>again, up to {@code agents.retry.maxAttempts} calls in all: connection failures, 429, 5xx.
 *       Camel waits {@code agents.retry.backoff}, doubling per attempt, or the backend's
 *       {@code Retry-After: 7} (7 s) when it sent one, and calls it again with a new upstream call
 *       (its own time limits);</li>
 *   <li>not again, so the fallbacks are asked ({@link BackendCalls}): an open circuit breaker, a time
 *       limit passed (asking again would be as slow), a TLS failure (an untrusted certificate stays
 *       untrusted), a Retry-After longer than
 *       {@code agents.retry.maxRetryAfter};</li>
 *   <li>neither: the request's own faults (4xx), which another backend would refuse too, and a
 *       client that left.</li>
 * </ul>
 */
public class BackendRetries extends ContextBean implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(BackendRetries.class);

    /** What a failure allows. */
    public enum Verdict { RETRY, NEXT_BACKEND, GIVE_UP }

    private int maxAttempts;
    private Duration backoff;
    private Duration maxRetryAfter;

    /** Reads the retry settings at start ({@code initMethod}); GatewaySettings has checked their kinds. */
    public void init() {
        maxAttempts = Integer.parseInt(setting("agents.retry.maxAttempts", "3"));
        backoff = Durations.parse("agents.retry.backoff", setting("agents.retry.backoff", "250ms"));
        maxRetryAfter = Durations.parse("agents.retry.maxRetryAfter", setting("agents.retry.maxRetryAfter", "10s"));
    }

    /**
     * The error handler's {@code onExceptionOccurred}, right after a call failed: the failure as the
     * call saw it (the time limit that cut it, or the client that left, rather than the aborted read
     * either caused), counted by the backend's circuit breaker, and the wait before the next attempt
     * as Camel's redelivery delay: the backend's {@code Retry-After}, else the backoff.
     */
    @Override
    public void process(Exchange exchange) {
        UpstreamCall call = RequestContext.of(exchange).upstreamCall();
        if (call != null) {
            call.finished();
            RuntimeException cause = call.isCancelled() ? new ClientGoneException("the client left before the backend answered")
                    : call.overdue();
            if (cause != null) {
                exchange.setException(cause);
                exchange.setProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, cause);
            }
            call.failed(failure(exchange));       // the breaker's count, once per call (a refusal was counted as an answer)
        }
        Long retryAfter = retryAfterMillis(failure(exchange));
        int attempt = attempt(exchange);
        exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY,
                retryAfter != null ? retryAfter : backoff.toMillis() << Math.min(attempt - 1, 16));
    }

    /** The error handler's {@code retryWhile}: true to call the same backend again. */
    public boolean again(Exchange exchange) {
        Throwable failure = failure(exchange);
        int attempt = attempt(exchange);
        Backend backend = RequestContext.of(exchange).route().backend();
        Verdict verdict = verdict(failure);
        if (verdict == Verdict.GIVE_UP) {
            return false;
        }
        Long retryAfter = retryAfterMillis(failure);
        if (verdict == Verdict.NEXT_BACKEND || attempt >= maxAttempts
                || retryAfter != null && retryAfter > maxRetryAfter.toMillis()) {
            LOG.warn("Backend {} failed, attempt {}: {}", backend.name(), attempt, reason(failure, backend));
            return false;
        }
        LOG.info("Backend {} failed, attempt {} of {}; again in {} ms: {}", backend.name(), attempt, maxAttempts,
                exchange.getMessage().getHeader(Exchange.REDELIVERY_DELAY), reason(failure, backend));
        return true;
    }

    /**
     * The how-manieth call to this backend failed, as the calls count themselves: Camel's own counter
     * is a message header, which does not survive the backend's answer replacing the message.
     */
    private static int attempt(Exchange exchange) {
        UpstreamCall call = RequestContext.of(exchange).upstreamCall();
        return call == null ? 1 : call.attempt();
    }

    /** The failure at hand: Camel's error handler keeps it aside while it decides. */
    private static Throwable failure(Exchange exchange) {
        Throwable failure = exchange.getException();
        return failure != null ? failure : exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
    }

    /** What {@code failure} allows: the same backend again, the next one, or neither. */
    public static Verdict verdict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ClientGoneException) {
                return Verdict.GIVE_UP;
            }
            if (t instanceof CallNotPermittedException || t instanceof SocketTimeoutException || t instanceof SSLException) {
                return Verdict.NEXT_BACKEND;
            }
            if (t instanceof GatewayException error && error.status() == 504) {
                return Verdict.NEXT_BACKEND;      // too slow: asking it again would be as slow
            }
            if (t instanceof GatewayException error) {
                return error.status() == 429 || error.status() >= 500 ? Verdict.RETRY : Verdict.GIVE_UP;
            }
            if (t instanceof IOException) {
                return Verdict.RETRY;             // refused, reset, or closed without an answer
            }
        }
        return Verdict.GIVE_UP;
    }

    private static Long retryAfterMillis(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof GatewayException error) {
                return error.retryAfterSeconds() == null ? null : error.retryAfterSeconds() * 1000;
            }
        }
        return null;
    }

    /** For the log: the failure's message without the backend's key, on one line. */
    static String reason(Throwable failure, Backend backend) {
        return failure == null ? "" : LogSafe.text(failure.getClass().getSimpleName() + ": "
                + Secrets.scrub(failure.getMessage(), backend.apiKey()));
    }

    private String setting(String key, String otherwise) {
        return getCamelContext().getPropertiesComponent().resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty())
                .orElse(otherwise);
    }
}
