package dev.llmgateway.model;

/** A model a backend serves, as discovered. {@code id} is the backend's own name for it. */
public record ModelInfo(String backend, String id, long createdEpochSeconds) {
}
