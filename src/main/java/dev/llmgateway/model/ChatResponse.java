package dev.llmgateway.model;

/** The aggregated reply: the assistant message, why it ended and what it cost. */
public record ChatResponse(String model, ChatMessage message, FinishReason finishReason, Usage usage) {
}
