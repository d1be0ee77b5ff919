package dev.llmgateway.backend;

/**
 * One configured backend: {@code agents.backends.<name>.*} in application.properties.
 *
 * @param name         the configured name, e.g. {@code lmStudio} (matched case-insensitively)
 * @param dialect      the wire dialect; selects the kamelet {@code <dialect>-chat-sink}
 * @param baseUrl      e.g. {@code http://localhost:11434} or {@code http://127.0.0.1:1234/v1}
 * @param apiKey       sent upstream in the dialect's auth header; empty when none
 * @param defaultModel model used when the request names none, or null
 */
public record Backend(String name, String dialect, String baseUrl, String apiKey, String defaultModel) {

    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    /** Never prints the key: records are logged and traced. */
    @Override
    public String toString() {
        return "Backend[" + name + ", " + dialect + ", " + baseUrl + (hasApiKey() ? ", apiKey=***" : "") + "]";
    }
}
