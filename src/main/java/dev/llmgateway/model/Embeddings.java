package dev.llmgateway.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer to an {@link EmbeddingRequest}: one vector per input, in the inputs' order.
 *
 * @param usage the tokens the backend counted, or null when it counts none (Gemini)
 */
public record Embeddings(List<float[]> vectors, Usage usage) {

    public Embeddings {
        vectors = List.copyOf(vectors);
    }

    /** This batch's vectors followed by the next one's, usage added up. */
    public Embeddings followedBy(Embeddings next) {
        List<float[]> joined = new ArrayList<>(vectors.size() + next.vectors.size());
        joined.addAll(vectors);
        joined.addAll(next.vectors);
        Usage total = usage == null ? next.usage : next.usage == null ? usage
                : new Usage(usage.promptTokens() + next.usage.promptTokens(), 0);
        return new Embeddings(joined, total);
    }
}
