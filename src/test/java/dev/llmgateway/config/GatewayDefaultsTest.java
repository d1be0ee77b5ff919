package dev.llmgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.PropertiesHelper;
import org.junit.jupiter.api.Test;

/** The jar's defaults of the gateway's settings, below every setting of the host's. */
class GatewayDefaultsTest {

    @Test
    void should_default_the_gateway_s_settings_but_not_the_host_s_nor_the_backends() {
        GatewayDefaults defaults = new GatewayDefaults();

        assertThat(defaults.getProperty("gateway.ws.port")).isEqualTo("8081");
        assertThat(defaults.getProperty("agents.retry.maxAttempts")).isEqualTo("3");
        assertThat(defaults.getProperty("camel.server.port")).as("the host's own").isNull();
        assertThat(defaults.getProperty("agents.backends.lmStudio.baseUrl")).as("a host names its backends").isNull();
        assertThat(defaults.loadProperties(key -> key.startsWith("agents.backends."))).isEmpty();
    }

    @Test
    void should_be_found_by_camel_and_give_way_to_the_host_s_settings() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setOverrideProperties(PropertiesHelper.asProperties("gateway.ws.port", "9091"));
            context.getPropertiesComponent().setInitialProperties(PropertiesHelper.asProperties("gateway.http.idleTimeout", "5s"));
            context.start();

            assertThat(context.resolvePropertyPlaceholders("{{gateway.ws.port}}")).isEqualTo("9091");
            assertThat(context.resolvePropertyPlaceholders("{{gateway.http.idleTimeout}}")).as("Camel ranks initial "
                    + "properties below every source; the host's still win").isEqualTo("5s");
            assertThat(context.resolvePropertyPlaceholders("{{gateway.ws.maxConcurrentChats}}")).isEqualTo("100");
        }
    }
}
