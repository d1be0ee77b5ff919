package dev.llmgateway.model;

/**
 * Token counts of one request.
 *
 * @param promptTokens             every prompt token, those read from or written to a prompt cache
 *                                 included (as OpenAI counts {@code prompt_tokens})
 * @param cacheCreationInputTokens of those, the ones written to the prompt cache (Anthropic's
 *                                 {@code cache_creation_input_tokens}), or null when the backend did not say
 * @param cacheReadInputTokens     of those, the ones read from the prompt cache (Anthropic's
 *                                 {@code cache_read_input_tokens}), or null when the backend did not say
 */
public record Usage(int promptTokens, int completionTokens, Integer cacheCreationInputTokens,
                    Integer cacheReadInputTokens) {

    /** Counts of a backend that says nothing about a prompt cache. */
    public Usage(int promptTokens, int completionTokens) {
        this(promptTokens, completionTokens, null, null);
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
