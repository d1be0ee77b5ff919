package dev.llmgateway.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An embeddings request in the gateway's internal format: what {@code POST /v1/embeddings},
 * {@code POST /api/embed} and {@code POST /api/embeddings} decode into and each backend's
 * embeddings API encodes from.
 *
 * @param dimensions   the vector length to ask for (OpenAI's {@code dimensions}, Gemini's
 *                     {@code outputDimensionality}), or null for the model's own
 * @param ollamaFields Ollama's own fields ({@code truncate}, {@code keep_alive}, {@code options}),
 *                     sent as they came to Ollama backends and to no other; never null
 */
public record EmbeddingRequest(String model, List<EmbeddingInput> inputs, Integer dimensions, ObjectNode ollamaFields)
        implements BackendRequest {

    public EmbeddingRequest {
        inputs = List.copyOf(inputs);
        if (ollamaFields == null) {
            throw new IllegalArgumentException("ollamaFields must not be null");
        }
    }

    @Override
    public EmbeddingRequest withModel(String newModel) {
        return new EmbeddingRequest(newModel, inputs, dimensions, ollamaFields);
    }

    /** The same request for a part of the inputs (one batch). */
    public EmbeddingRequest withInputs(List<EmbeddingInput> part) {
        return new EmbeddingRequest(model, part, dimensions, ollamaFields);
    }

    @Override
    public boolean mayFailOver() {
        return false;
    }

    public boolean hasTokens() {
        return inputs.stream().anyMatch(EmbeddingInput::isTokens);
    }
}
