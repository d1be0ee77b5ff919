package dev.llmgateway.model;

/**
 * What a front door hands to the backends through the router, the privacy gate and the backend
 * calls: a {@link ChatRequest} or an {@link EmbeddingRequest}.
 */
public interface BackendRequest {

    /** The model as the client named it (maybe with a {@code <backend>/} prefix), or null. */
    String model();

    /** This request for another model name (routing strips the prefix; a fallback may use its own). */
    BackendRequest withModel(String model);

    /**
     * Whether a fallback backend may answer when the chosen one cannot. Not for embeddings: the
     * vectors of two models do not compare, and a fallback may serve another model.
     */
    default boolean mayFailOver() {
        return true;
    }
}
