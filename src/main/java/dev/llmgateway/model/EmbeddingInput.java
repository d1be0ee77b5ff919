package dev.llmgateway.model;

/**
 * One input to embed: a text, or (OpenAI clients only) the model's token ids of one.
 * {@code "input":["The food was delicious"]} or {@code "input":[[791, 3691, 574]]}.
 */
public record EmbeddingInput(String text, int[] tokens) {

    public static EmbeddingInput text(String text) {
        return new EmbeddingInput(text, null);
    }

    public static EmbeddingInput tokens(int[] tokens) {
        return new EmbeddingInput(null, tokens);
    }

    public boolean isTokens() {
        return tokens != null;
    }
}
