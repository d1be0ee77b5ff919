package dev.llmgateway.http;

import dev.llmgateway.backend.Backend;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.security.LogSafe;
import dev.llmgateway.security.Secrets;
import dev.llmgateway.stream.ClientGoneException;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.telemetry.RequestRecord;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever failed into a {@link GatewayException} a client may see: connect failures and
 * broken connections become 502 naming backend and URL, read timeouts 504, anything unexpected a
 * 500 whose details stay in the gateway's log.
 */
public final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    /** The failure of a request, noted in its {@link RequestRecord} for the metrics and the log line. */
    public static GatewayException describe(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        RequestContext context = RequestContext.of(exchange);
        GatewayException error = describe(failure, context.backend());
        if (context.record() != null) {
            context.record().failed(error);
        }
        return error;
    }

    /**
     * @param backend the backend the request went to, or null when routing had not happened
     * @return the error, its message without the backend's key or anything shaped like a credential
     *         (providers quote the key they were sent in their 401s)
     */
    public static GatewayException describe(Throwable failure, Backend backend) {
        GatewayException error = classify(failure, backend);
        String scrubbed = Secrets.scrub(error.getMessage(), backend == null ? null : backend.apiKey());
        return scrubbed.equals(error.getMessage()) ? error : error.withMessage(scrubbed);
    }

    private static GatewayException classify(Throwable failure, Backend backend) {
        String name = backend == null ? "?" : backend.name();
        String url = backend == null ? "?" : backend.baseUrl();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof GatewayException known) {
                return known;
            }
            if (t instanceof CallNotPermittedException) {
                return new GatewayException(503, "backend_unavailable", "circuit_open", "backend '" + name
                        + "' failed too often just now and gets no requests for a while (circuit breaker open)");
            }
            if (t instanceof ClientGoneException) {
                LOG.info("Client closed the connection mid-stream; backend {} request aborted", name);
                return new GatewayException(499, "client_closed", "client_closed", t.getMessage());
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return GatewayException.unreachable(name, url, t.getMessage() != null ? t.getMessage() : "connection failed");
            }
            if (t instanceof SocketTimeoutException) {             // the HTTP client's read timeout, a backstop
                String limit = backend == null ? "" : " for " + backend.readTimeoutMillis() / 1000 + " s";
                return new GatewayException(504, "timeout", "backend_timeout",
                        "backend '" + name + "' at " + url + " sent nothing" + limit + ": " + t.getMessage());
            }
            if (t instanceof IOException && backend != null) {
                // e.g. NoHttpResponseException: the server closed the connection without a reply
                return new GatewayException(502, "upstream_error", "backend_connection_failed",
                        "backend '" + name + "' at " + url + " failed: " + t.getMessage());
            }
        }
        LOG.error("Request failed unexpectedly (backend {})", name, LogSafe.failure(failure));
        return new GatewayException(500, "internal_error", "internal_error",
                "the gateway failed to process the request; see its log");
    }
}
