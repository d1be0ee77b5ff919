package dev.llmgateway.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Sampling and output options common to the dialects; null means "backend default".
 *
 * @param maxTokens      upper bound on generated tokens (OpenAI max_tokens / max_completion_tokens,
 *                       Ollama num_predict)
 * @param responseFormat OpenAI-shaped {@code response_format} object (json_object / json_schema)
 */
public record GenerationOptions(Double temperature, Double topP, Integer topK, Integer maxTokens,
                                List<String> stop, Long seed, Double presencePenalty,
                                Double frequencyPenalty, JsonNode responseFormat) {

    public static final GenerationOptions DEFAULTS =
            new GenerationOptions(null, null, null, null, null, null, null, null, null);
}
