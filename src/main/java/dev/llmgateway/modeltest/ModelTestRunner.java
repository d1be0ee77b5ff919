package dev.llmgateway.modeltest;

import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendRouter;
import dev.llmgateway.backend.PrivacyRules;
import dev.llmgateway.http.Failures;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.stream.ChatStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Puts one model through a {@link TestSequence} by way of {@code direct:llm-chat}, the route every
 * front door uses, so the gateway is tested along with the model.
 */
final class ModelTestRunner {

    private final ProducerTemplate producer;
    private final TestSequence sequence;
    private final boolean isPrivate;

    ModelTestRunner(ProducerTemplate producer, TestSequence sequence, boolean isPrivate) {
        this.producer = producer;
        this.sequence = sequence;
        this.isPrivate = isPrivate;
    }

    ModelResult run(Backend backend, String model, Consumer<ModelResult.StepResult> progress) {
        List<ChatMessage> history = new ArrayList<>();
        List<ModelResult.StepResult> results = new ArrayList<>();
        ToolCall lastCall = null;
        Long ttft = null;
        Double tokensPerSecond = null;
        long started = System.nanoTime();
        for (TestSequence.Step step : sequence.steps()) {
            if (history.isEmpty() || step.newConversation()) {
                history.clear();
                if (sequence.system() != null) {
                    history.add(ChatMessage.of(Role.SYSTEM, sequence.system()));
                }
            }
            long stepStart = System.nanoTime();
            ModelResult.StepResult result;
            try {
                if (step.toolResult() != null) {
                    if (lastCall == null) {
                        throw new StepFailure("no tool call to answer (the tool-call step failed)");
                    }
                    history.add(new ChatMessage(Role.TOOL, step.toolResult(), null, null, null, lastCall.id(), lastCall.name()));
                } else {
                    history.add(ChatMessage.of(Role.USER, step.user()));
                }
                ChatRequest request = new ChatRequest(model, history, step.tools() ? sequence.tools() : List.of(),
                        null, null, step.stream());
                Exchange reply = producer.request("direct:llm-chat", exchange -> {
                    exchange.getMessage().setBody(request);
                    exchange.getMessage().setHeader(BackendRouter.HEADER, backend.name());
                    exchange.getMessage().setHeader(PrivacyRules.HEADER, isPrivate ? "private" : "normal");
                });
                if (reply.getException() != null) {
                    throw reply.getException();
                }
                StringBuilder streamed = new StringBuilder();
                int[] chunks = {0};
                long[] firstChunk = {0};
                ChatResponse response = reply.getMessage().getBody(ChatStream.class).relay(chunk -> {
                    if (chunk.content() != null && !chunk.content().isEmpty()) {
                        streamed.append(chunk.content());
                        chunks[0]++;
                        if (firstChunk[0] == 0) {
                            firstChunk[0] = System.nanoTime();
                        }
                    }
                });
                history.add(response.message());
                if (!response.message().toolCalls().isEmpty()) {
                    lastCall = response.message().toolCalls().get(0);
                }
                check(step.expect(), response, chunks[0], streamed.toString());
                if (step.stream() && firstChunk[0] != 0) {
                    ttft = (firstChunk[0] - stepStart) / 1_000_000;
                    double seconds = (System.nanoTime() - firstChunk[0]) / 1e9;
                    if (response.usage() != null && seconds > 0) {
                        tokensPerSecond = Math.round(response.usage().completionTokens() / seconds * 10) / 10.0;
                    }
                }
                result = new ModelResult.StepResult(step.id(), true, null, millisSince(stepStart));
            } catch (Exception e) {
                String reason = e instanceof StepFailure ? e.getMessage() : Failures.describe(e, backend).getMessage();
                result = new ModelResult.StepResult(step.id(), false, reason, millisSince(stepStart));
            }
            results.add(result);
            progress.accept(result);
        }
        return new ModelResult(backend.name(), backend.category(), model, results, ttft, millisSince(started), tokensPerSecond);
    }

    private static void check(TestSequence.Expect expect, ChatResponse response, int chunks, String streamed) {
        String content = response.message().content();
        if (expect.toolCall() != null) {
            ToolCall call = response.message().toolCalls().stream().filter(c -> expect.toolCall().equals(c.name()))
                    .findFirst().orElseThrow(() -> new StepFailure(response.message().toolCalls().isEmpty()
                            ? "no tool call (answered: " + abbreviate(content) + ")"
                            : "called " + response.message().toolCalls().get(0).name() + ", not " + expect.toolCall()));
            try {
                if (!Json.parse(call.arguments()).isObject()) {
                    throw new StepFailure("arguments are not a JSON object: " + abbreviate(call.arguments()));
                }
            } catch (IOException e) {
                throw new StepFailure("arguments do not parse: " + abbreviate(call.arguments()));
            }
        }
        if (expect.nonEmpty() && content.isBlank()) {
            throw new StepFailure("empty answer");
        }
        for (String word : expect.contains()) {
            if (!content.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT))) {
                throw new StepFailure("answer lacks \"" + word + "\": " + abbreviate(content));
            }
        }
        if (chunks < expect.minChunks()) {
            throw new StepFailure(chunks + " streamed chunk(s), expected at least " + expect.minChunks());
        }
        if (expect.aggregateEqualsChunks() && !streamed.equals(content)) {
            throw new StepFailure("final message differs from the streamed chunks");
        }
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 60 ? flat : flat.substring(0, 60) + "…";
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** A check that did not hold. */
    private static final class StepFailure extends RuntimeException {
        StepFailure(String message) {
            super(message, null, false, false);
        }
    }
}
