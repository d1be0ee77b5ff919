package dev.llmgateway.usage;

import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.Route;
import dev.llmgateway.keys.RateCounters;
import dev.llmgateway.keys.VirtualKey;
import java.time.Instant;
import java.util.List;

/**
 * What a finished request used, for its key: the tokens go to the key's minute (tokensPerMinute) and
 * a row with its cost to the ledger. Called once per request when it completes, off the reply's path.
 */
public class UsageRecorder {

    private final UsageLedger ledger;
    private final PriceTable prices;
    private final RateCounters counters;

    public UsageRecorder(UsageLedger ledger, PriceTable prices, RateCounters counters) {
        this.ledger = ledger;
        this.prices = prices;
        this.counters = counters;
    }

    /** The finished request's cost in USD (0 for local backends and unknown models). */
    public double completed(Finished request) {
        VirtualKey caller = request.caller();
        long tokens = request.tokensIn() + request.tokensOut();
        if (caller != null && !caller.isStatic() && tokens > 0 && caller.policy().limits() != null
                && caller.policy().limits().tokensPerMinute() != null) {
            counters.addTokens(caller.id(), tokens);
        }
        Route route = request.route();
        Backend backend = route == null ? null : route.backend();
        double cost = prices.cost(backend, route == null ? null : route.model(), request.tokensIn(), request.tokensOut());
        if (caller != null && ledger.enabled()) {
            ledger.record(new UsageRow(request.id(), Instant.now(), caller.id(), caller.name(), request.ingress(),
                    backend == null ? null : backend.name(), route == null ? null : route.model(), request.tokensIn(),
                    request.tokensOut(), cost, request.latencyMillis(), request.status(), request.outcome(),
                    route != null && route.isPrivate(), request.detected().isEmpty() ? null : String.join(",", request.detected())));
        }
        return cost;
    }

    /** A request as it ended. */
    public record Finished(String id, String ingress, VirtualKey caller, Route route, long tokensIn, long tokensOut,
                           long latencyMillis, int status, String outcome, List<String> detected) {
    }
}
