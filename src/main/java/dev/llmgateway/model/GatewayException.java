package dev.llmgateway.model;

import java.util.Collection;

/**
 * A failure the client should see: HTTP status, an OpenAI-style error type and a message that is
 * safe to show (never a stack trace, never a key). Ingress dialects render it in their own shape.
 */
public class GatewayException extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final Long retryAfterSeconds;

    public GatewayException(int status, String type, String code, String message) {
        this(status, type, code, message, null);
    }

    private GatewayException(int status, String type, String code, String message, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The same error, telling the client to come back after that many seconds ({@code Retry-After}). */
    public GatewayException withRetryAfter(long seconds) {
        return new GatewayException(status, type, code, getMessage(), seconds);
    }

    /** The same error with another message (e.g. one with the secrets taken out). */
    public GatewayException withMessage(String message) {
        return new GatewayException(status, type, code, message, retryAfterSeconds);
    }

    /** Seconds the client should wait before it tries again, or null when that is not known. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static GatewayException badRequest(String message) {
        return new GatewayException(400, "invalid_request_error", null, message);
    }

    public static GatewayException unknownBackend(String name, Collection<String> known) {
        return new GatewayException(400, "invalid_request_error", "unknown_backend",
                "unknown backend '" + name + "'; configured backends: " + String.join(", ", known));
    }

    public static GatewayException unreachable(String backend, String url, String reason) {
        return new GatewayException(502, "backend_unreachable", "backend_unreachable",
                "backend '" + backend + "' is unreachable at " + url + ": " + reason);
    }

    /** The backend answered with an error status (or an error inside its stream). */
    public static GatewayException upstream(String backend, int status, String message) {
        String type = status == 429 ? "rate_limit_error"
                : status >= 500 ? "upstream_error" : "invalid_request_error";
        return new GatewayException(status, type, "upstream_error",
                "backend '" + backend + "' answered " + status + ": " + message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }
}
