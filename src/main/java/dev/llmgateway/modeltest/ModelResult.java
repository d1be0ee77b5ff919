package dev.llmgateway.modeltest;

import java.util.List;

/**
 * How one model did: a result per step, and speed as measured through the gateway.
 *
 * @param ttftMillis      time to the first streamed chunk of the streamed step, or null
 * @param tokensPerSecond completion tokens per second of the streamed step, or null
 */
public record ModelResult(String backend, String category, String model, List<StepResult> steps,
                          Long ttftMillis, long totalMillis, Double tokensPerSecond) {

    /** A step passed, or failed with a reason a person can act on. */
    public record StepResult(String step, boolean passed, String reason, long millis) {
    }

    public boolean passed() {
        return steps.stream().allMatch(StepResult::passed);
    }
}
