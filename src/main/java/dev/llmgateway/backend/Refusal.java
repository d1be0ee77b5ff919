package dev.llmgateway.backend;

import dev.llmgateway.model.GatewayException;

/**
 * A backend's error answer that is the request's fault ({@code 404 model not found}, {@code 400}),
 * carried as the reply body through the backend's circuit breaker so it does not count as the
 * backend failing, and thrown right after it ({@code routes/llm-chat.yaml}).
 */
public record Refusal(GatewayException error) {

    /** Whether an upstream status is the request's fault: 4xx, but not 408 (timeout) or 429 (busy). */
    public static boolean isClientError(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }

    /** Route step after the breaker: throws a refusal, passes anything else. */
    public static Object rethrow(Object body) {
        if (body instanceof Refusal refusal) {
            throw refusal.error();
        }
        return body;
    }
}
