package dev.llmgateway.backend;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.GatewayException;

/** Limits on what one chat request may carry, whatever its front door: {@code gateway.limits.*}. */
public class RequestLimits {

    private final int maxMessages;

    public RequestLimits(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    /** First step of {@code direct:llm-chat}. */
    public ChatRequest check(ChatRequest request) {
        if (request.messages().size() > maxMessages) {
            throw GatewayException.badRequest("messages: " + request.messages().size() + " messages; this gateway takes at most "
                    + maxMessages + " (gateway.limits.maxMessages)");
        }
        return request;
    }
}
