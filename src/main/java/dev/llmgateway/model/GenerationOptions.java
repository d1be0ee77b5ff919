package dev.llmgateway.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Sampling and output options common to the dialects; null means "backend default".
 *
 * @param maxTokens      upper bound on generated tokens (OpenAI max_tokens / max_completion_tokens,
 *                       Ollama num_predict)
 * @param responseFormat OpenAI-shaped {@code response_format} object (json_object / json_schema)
 * @param contextLength  context window to load the model with (Ollama num_ctx)
 * @param keepAlive      how long the backend keeps the model loaded (Ollama keep_alive: "5m", 300, -1)
 * @param reasoning      "on", "off", "low", "medium" or "high" (Ollama think, OpenAI reasoning_effort)
 * @param ollamaOptions  the {@code options} object as an Ollama client sent it, or null: an Ollama
 *                       backend gets every option in it ({@code repeat_penalty}, {@code min_p},
 *                       {@code mirostat}, {@code num_gpu}, …); other backends only those above
 * @param anthropicThinking the {@code thinking} object as an Anthropic client sent it, or null:
 *                       {@code {"type":"enabled","budget_tokens":2048}}, {@code {"type":"adaptive"}} or
 *                       {@code {"type":"disabled"}}; an Anthropic backend gets it unchanged, other
 *                       backends the reasoning level it maps to
 */
public record GenerationOptions(Double temperature, Double topP, Integer topK, Integer maxTokens,
                                List<String> stop, Long seed, Double presencePenalty,
                                Double frequencyPenalty, JsonNode responseFormat, Integer contextLength,
                                JsonNode keepAlive, String reasoning, ObjectNode ollamaOptions,
                                JsonNode anthropicThinking) {

    public static final GenerationOptions DEFAULTS =
            new GenerationOptions(null, null, null, null, null, null, null, null, null);

    /** Options not sent by an Anthropic client. */
    public GenerationOptions(Double temperature, Double topP, Integer topK, Integer maxTokens,
                             List<String> stop, Long seed, Double presencePenalty,
                             Double frequencyPenalty, JsonNode responseFormat, Integer contextLength,
                             JsonNode keepAlive, String reasoning, ObjectNode ollamaOptions) {
        this(temperature, topP, topK, maxTokens, stop, seed, presencePenalty, frequencyPenalty, responseFormat,
                contextLength, keepAlive, reasoning, ollamaOptions, null);
    }

    /** Options sent by neither an Ollama nor an Anthropic client. */
    public GenerationOptions(Double temperature, Double topP, Integer topK, Integer maxTokens,
                             List<String> stop, Long seed, Double presencePenalty,
                             Double frequencyPenalty, JsonNode responseFormat, Integer contextLength,
                             JsonNode keepAlive, String reasoning) {
        this(temperature, topP, topK, maxTokens, stop, seed, presencePenalty, frequencyPenalty, responseFormat,
                contextLength, keepAlive, reasoning, null, null);
    }

    /** The options every dialect has; no context length, keep-alive or reasoning level. */
    public GenerationOptions(Double temperature, Double topP, Integer topK, Integer maxTokens,
                             List<String> stop, Long seed, Double presencePenalty,
                             Double frequencyPenalty, JsonNode responseFormat) {
        this(temperature, topP, topK, maxTokens, stop, seed, presencePenalty, frequencyPenalty,
                responseFormat, null, null, null);
    }
}
