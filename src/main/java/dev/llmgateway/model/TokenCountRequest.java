package dev.llmgateway.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Anthropic's {@code POST /v1/messages/count_tokens}: the client's request body as it came (what
 * it counts must be what {@code /v1/messages} would get, {@code cache_control} and thinking
 * included), for a backend that counts tokens itself.
 */
public record TokenCountRequest(String model, ObjectNode body) implements BackendRequest {

    @Override
    public TokenCountRequest withModel(String newModel) {
        ObjectNode renamed = body.deepCopy();
        renamed.put("model", newModel);
        return new TokenCountRequest(newModel, renamed);
    }

    /** Another backend counts with another tokenizer: never a fallback. */
    @Override
    public boolean mayFailOver() {
        return false;
    }
}
