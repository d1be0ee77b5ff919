package dev.llmgateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.keys.RateCounters;
import dev.llmgateway.keys.RedisRateCounters;
import dev.llmgateway.store.RedisServer;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link KeyPoliciesTest} again, with the minute's counters in a real Redis
 * (gateway.store.redis), as replicas share them.
 */
class KeyPoliciesOnRedisTest extends KeyPoliciesTest {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("gateway.store.redis", RedisServer.get().url());
        return properties;
    }

    @Test
    void should_count_in_redis_not_in_memory() {
        assertThat(context.getRegistry().lookupByNameAndType("llmRateCountersInUse", RateCounters.class))
                .isInstanceOf(RedisRateCounters.class);
    }
}
