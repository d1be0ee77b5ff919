package dev.llmgateway.model;

/**
 * A piece of a tool call inside a stream. The first piece of each {@code index} carries id and
 * name; {@code arguments} fragments are concatenated per index (OpenAI streams them in pieces,
 * Ollama sends the whole JSON in one piece).
 */
public record ToolCallDelta(int index, String id, String name, String arguments) {
}
