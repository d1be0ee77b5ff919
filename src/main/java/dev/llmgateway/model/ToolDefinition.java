package dev.llmgateway.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function the model may call; {@code parameters} is a JSON Schema object (or null).
 * {@code cacheControl} is an Anthropic client's prompt-cache breakpoint on the tool
 * ({@code {"type":"ephemeral"}}, or with {@code "ttl":"1h"}), or null; only Anthropic backends get it.
 */
public record ToolDefinition(String name, String description, JsonNode parameters, JsonNode cacheControl) {

    /** A tool without a cache breakpoint. */
    public ToolDefinition(String name, String description, JsonNode parameters) {
        this(name, description, parameters, null);
    }
}
