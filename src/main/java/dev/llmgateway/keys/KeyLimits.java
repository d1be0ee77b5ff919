package dev.llmgateway.keys;

import dev.llmgateway.backend.Route;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.usage.Spent;
import dev.llmgateway.usage.UsageLedger;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The step after routing ({@code direct:llm-chat}, {@code direct:llm-embed}) that holds a key to its
 * budget and rate limits: 429 in the caller's dialect with {@code Retry-After} (the seconds until the
 * minute, day or month ends), e.g.
 * <pre>
 * {"error":{"message":"key 'alice' is limited to 3 requests per minute (limits.requestsPerMinute)","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}
 * </pre>
 * The request's log line says which limit ({@code route="…; refused: key limit requestsPerMinute=3"}).
 * Budgets are read from memory; the minute's counters may be Redis' ({@link RedisRateCounters}),
 * whose answer continues the request on the event loop it came from.
 */
public class KeyLimits extends AsyncProcessorSupport {

    private final UsageLedger ledger;
    private final RateCounters counters;

    public KeyLimits(UsageLedger ledger, RateCounters counters) {
        this.ledger = ledger;
        this.counters = counters;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestContext context = RequestContext.of(exchange);
        VirtualKey key = context.caller();
        if (key == null || key.isStatic()) {
            callback.done(true);
            return true;
        }
        KeyPolicy policy = key.policy();
        GatewayException overBudget = policy.budget() == null ? null
                : overBudget(exchange, key, policy.budget(), ledger.spent(key.id()));
        if (overBudget != null || policy.limits() == null) {
            exchange.setException(overBudget);
            callback.done(true);
            return true;
        }
        CompletableFuture<RateCounters.Refusal> admitted = counters.admit(key.id(), policy.limits()).toCompletableFuture();
        if (admitted.isDone()) {                   // the memory counters, always: decided on this thread
            admitted.handle((refusal, failure) -> decide(exchange, key, refusal, failure));
            callback.done(true);
            return true;
        }
        Context eventLoop = Vertx.currentContext();
        admitted.whenComplete((refusal, failure) -> {
            Runnable done = () -> {
                decide(exchange, key, refusal, failure);
                callback.done(false);
            };
            if (eventLoop != null) {
                eventLoop.runOnContext(ignored -> done.run());
            } else {
                done.run();
            }
        });
        return false;
    }

    private static Void decide(Exchange exchange, VirtualKey key, RateCounters.Refusal refusal, Throwable failure) {
        if (failure != null) {
            exchange.setException(new GatewayException(503, "store_unavailable", "rate_limits_unavailable",
                    "the gateway cannot count this key's requests now (its rate-limit store is unreachable)").withRetryAfter(1));
        } else if (refusal != null) {
            String unit = refusal.limit().equals("requestsPerMinute") ? "requests" : "tokens";
            exchange.setException(refuse(exchange, "limit " + refusal.limit() + "=" + refusal.value(), "rate_limit_exceeded",
                    "key '" + key.name() + "' is limited to " + refusal.value() + " " + unit + " per minute (limits."
                            + refusal.limit() + ")", refusal.retryAfterSeconds()));
        }
        return null;
    }

    /** The first budget the key has used up, as its refusal; null while none is. */
    private static GatewayException overBudget(Exchange exchange, VirtualKey key, KeyPolicy.Budget budget, Spent spent) {
        String over = budget.tokensPerDay() != null && spent.tokensToday() >= budget.tokensPerDay() ? "tokensPerDay"
                : budget.costPerDay() != null && spent.costToday() >= budget.costPerDay() ? "costPerDay"
                : budget.tokensPerMonth() != null && spent.tokensThisMonth() >= budget.tokensPerMonth() ? "tokensPerMonth"
                : budget.costPerMonth() != null && spent.costThisMonth() >= budget.costPerMonth() ? "costPerMonth" : null;
        if (over == null) {
            return null;
        }
        Number value = switch (over) {
            case "tokensPerDay" -> budget.tokensPerDay();
            case "costPerDay" -> budget.costPerDay();
            case "tokensPerMonth" -> budget.tokensPerMonth();
            default -> budget.costPerMonth();
        };
        boolean daily = over.endsWith("PerDay");
        String amount = over.startsWith("cost") ? "USD " + value : value + " tokens";
        return refuse(exchange, "budget " + over + "=" + value, "budget_exceeded", "key '" + key.name() + "' has used its budget of "
                + amount + " per " + (daily ? "day" : "month") + " (budget." + over + ", UTC)",
                secondsUntil(daily ? ChronoUnit.DAYS : ChronoUnit.MONTHS));
    }

    private static GatewayException refuse(Exchange exchange, String which, String code, String message, long retryAfter) {
        RequestContext context = RequestContext.of(exchange);
        Route route = context.route();
        if (route != null) {
            context.setRoute(new Route(route.backend(), route.model(), route.isPrivate(), route.reason() + "; refused: key " + which));
        }
        return new GatewayException(429, "rate_limit_error", code, message).withRetryAfter(retryAfter);
    }

    /** Seconds until the next UTC day or month begins. */
    static long secondsUntil(ChronoUnit unit) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        LocalDate next = unit == ChronoUnit.DAYS ? now.toLocalDate().plusDays(1) : now.toLocalDate().withDayOfMonth(1).plusMonths(1);
        return Math.max(1, ChronoUnit.SECONDS.between(now, next.atStartOfDay(ZoneOffset.UTC)));
    }
}
