package dev.llmgateway.backend;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The chat kamelet's step before and after the backend call: removes every header but Camel's
 * redelivery state ({@code CamelRedeliveryCounter}, {@code CamelRedeliveryDelay}, …). Before the
 * call, the client's headers (its {@code Authorization}, {@code CamelHttp*} steering) must not
 * reach the backend; after it, the backend's response headers must not reach the client; the error
 * handler of the backend's route, which calls the kamelet again, keeps its counter and delay.
 * <p>
 * It is {@code removeHeaders} with {@code pattern: "*"} and {@code excludePattern: "CamelRedelivery*"},
 * which compiles a regular expression for every header it keeps out of the exclusion, on every
 * request: 7 % of the gateway's CPU and a sixth of what it allocated per request.
 */
public final class RemoveForeignHeaders implements Processor {

    private static final String KEEP = "CamelRedelivery";

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().getHeaders().keySet().removeIf(name -> !name.regionMatches(true, 0, KEEP, 0, KEEP.length()));
    }
}
