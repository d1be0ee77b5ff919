package dev.llmgateway.routes;

import dev.llmgateway.store.RedisServer;
import java.util.Properties;

/** The same policies with the minute's counters in a real Redis (gateway.store.redis), as replicas share them. */
class KeyPoliciesOnRedisTest extends KeyPoliciesTest {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("gateway.store.redis", RedisServer.get().url());
        return properties;
    }
}
