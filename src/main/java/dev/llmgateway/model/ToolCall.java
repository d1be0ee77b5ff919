package dev.llmgateway.model;

/**
 * A complete call of a client-side tool, as the model asked for it.
 *
 * @param id        stable id; synthesised when the backend sends none (Ollama, Gemini)
 * @param name      function name
 * @param arguments the arguments as JSON text, exactly as the model produced them (may be
 *                  empty or even invalid JSON: codecs decide how to present that to their dialect)
 */
public record ToolCall(String id, String name, String arguments) {
}
