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

    @Test
    void should_bring_the_gateway_s_properties_function_where_camel_does_not_look_for_it() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            // a properties component of its own, without what Camel added when it created the context
            context.setPropertiesComponent(new org.apache.camel.component.properties.PropertiesComponent());
            context.getPropertiesComponent().setOverrideProperties(PropertiesHelper.asProperties("gateway.host", "10.0.0.7"));
            assertThat(context.getPropertiesComponent().hasPropertiesFunction("gateway")).as("not yet found").isFalse();

            new GatewayDefaults().load(context);

            assertThat(context.getPropertiesComponent().hasPropertiesFunction("gateway")).as("added, not looked up in "
                    + "META-INF/services (where Camel Quarkus does not look in this jar)").isTrue();
            assertThat(context.resolvePropertyPlaceholders("{{gateway:bindHost}}")).isEqualTo("10.0.0.7");
        }
    }
}
