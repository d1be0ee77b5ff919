package dev.llmgateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.dialect.anthropic.AnthropicMessagesApi;
import dev.llmgateway.dialect.openai.OpenAiChatApi;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.GatewayException;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a request that a {@link PlatformHttpFilter} refuses before any route saw it, in the error
 * shape of the API its path belongs to: Anthropic's for {@code /v1/messages} and for any other
 * {@code /v1/} request that carries Anthropic's {@code anthropic-version} header, Ollama's for
 * {@code /api/}, OpenAI's for the rest.
 */
final class IngressErrors {

    private IngressErrors() {
    }

    static void reply(RoutingContext routing, GatewayException error) {
        if (error.retryAfterSeconds() != null) {
            routing.response().putHeader("Retry-After", String.valueOf(error.retryAfterSeconds()));
        }
        routing.response().setStatusCode(error.status()).putHeader("Content-Type", "application/json")
                .end(Json.write(body(CanonicalPath.of(routing), routing.request().getHeader("anthropic-version") != null, error)));
    }

    private static ObjectNode body(String path, boolean anthropicClient, GatewayException error) {
        if (path.startsWith("/v1/messages") || anthropicClient && path.startsWith("/v1/")) {
            return AnthropicMessagesApi.errorBody(error);
        }
        if (path.startsWith("/api/")) {
            return Json.object().put("error", error.getMessage());           // Ollama
        }
        return OpenAiChatApi.errorBody(error);
    }
}
