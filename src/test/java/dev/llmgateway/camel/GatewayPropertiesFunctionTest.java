package dev.llmgateway.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Regression of issue 16: a gateway without keys listened on every interface by default. */
class GatewayPropertiesFunctionTest {

    @Test
    void should_listen_on_loopback_without_keys_and_everywhere_with_keys_unless_told() throws Exception {
        assertThat(bindHost(new Properties())).isEqualTo("127.0.0.1");
        assertThat(bindHost(properties("gateway.auth.keys", "k1"))).isEqualTo("0.0.0.0");
        assertThat(bindHost(properties("gateway.auth.keys", " "))).isEqualTo("127.0.0.1");
        assertThat(bindHost(properties("gateway.host", "0.0.0.0"))).isEqualTo("0.0.0.0");
        assertThat(bindHost(properties("gateway.auth.keys", "k1", "gateway.host", "10.0.0.7"))).isEqualTo("10.0.0.7");
    }

    private static String bindHost(Properties settings) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(settings);
            return context.resolvePropertyPlaceholders("{{gateway:bindHost}}");
        }
    }

    private static Properties properties(String... pairs) {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        return properties;
    }
}
