package dev.llmgateway.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;

/**
 * The SERVER span of one traced request, kept in its {@link RequestRecord}: the parent of the
 * CLIENT span of each call to a backend ({@link BackendCallSpans}).
 *
 * @param operation the GenAI operation: chat, text_completion, embeddings, count_tokens
 */
record RequestSpan(Tracer tracer, Span span, String operation) {
}
