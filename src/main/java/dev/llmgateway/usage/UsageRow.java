package dev.llmgateway.usage;

import java.time.Instant;

/**
 * One request in the ledger (table {@code llm_usage}): whose key, where it went, how much it used
 * and cost, how it ended. {@code keyId} is null for static keys and an open gateway; {@code detected}
 * names the sensitive-data detectors that fired (never the data).
 */
public record UsageRow(String requestId, Instant at, String keyId, String keyName, String ingress, String backend,
                       String model, long tokensIn, long tokensOut, double cost, long latencyMs, int status,
                       String outcome, boolean isPrivate, String detected) {

    public long tokens() {
        return tokensIn + tokensOut;
    }
}
