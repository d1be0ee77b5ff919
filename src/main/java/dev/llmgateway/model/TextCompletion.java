package dev.llmgateway.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What makes a {@link ChatRequest} a text completion (Ollama's {@code /api/generate}, OpenAI's
 * {@code /v1/completions}): a prompt rather than a conversation. Backends that complete text
 * natively (Ollama's {@code /api/generate}; OpenAI-compatible servers' {@code /completions}) get
 * these fields; any other gets the request's messages (the system prompt, then the prompt as a user
 * message) and cannot fill in the middle.
 *
 * @param suffix       the text after the cursor (fill-in-the-middle), or null
 * @param system       Ollama's system prompt, or null
 * @param ollamaFields Ollama's own fields ({@code raw}, {@code template}, {@code context}), sent as
 *                     they came to Ollama backends and to no other; never null
 */
public record TextCompletion(String prompt, String suffix, String system, ObjectNode ollamaFields) {

    public TextCompletion {
        prompt = prompt == null ? "" : prompt;
        if (ollamaFields == null) {
            throw new IllegalArgumentException("ollamaFields must not be null");
        }
    }

    /** An empty prompt: Ollama only loads the model (or unloads it, with {@code keep_alive:0}). */
    public boolean loadsOnly() {
        return prompt.isEmpty() && suffix == null;
    }
}
