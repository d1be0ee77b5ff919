package dev.llmgateway.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.model.GatewayException;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.store.GatewayStore;
import dev.llmgateway.usage.UsageLedger;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The limits step when the shared counters cannot be asked: a limited key's request is not let through uncounted. */
class KeyLimitsTest {

    @Test
    void should_answer_503_with_retry_after_while_redis_is_unreachable() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        GatewayStore store = new GatewayStore();
        store.setCamelContext(camel);
        UsageLedger ledger = new UsageLedger(store);                  // no store: nothing spent
        ledger.setCamelContext(camel);
        try (RedisRateCounters unreachable = new RedisRateCounters("redis://127.0.0.1:1")) {
            KeyLimits limits = new KeyLimits(ledger, unreachable);
            Exchange exchange = new DefaultExchange(camel);
            RequestContext.of(exchange).setCaller(new VirtualKey("key_1", "alice", "hash", "sk-gw-…abcd",
                    new KeyPolicy(null, null, null, new KeyPolicy.Limits(3, null), null), Instant.now(), null, null));
            CountDownLatch done = new CountDownLatch(1);

            limits.process(exchange, doneSync -> done.countDown());

            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(exchange.getException()).isInstanceOfSatisfying(GatewayException.class, error -> {
                assertThat(error.status()).isEqualTo(503);
                assertThat(error.code()).isEqualTo("rate_limits_unavailable");
                assertThat(error.retryAfterSeconds()).isEqualTo(1L);
            });
        }
    }
}
