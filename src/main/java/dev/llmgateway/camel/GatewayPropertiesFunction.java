package dev.llmgateway.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;

/**
 * Settings computed from other settings, as {@code {{gateway:<name>}}} placeholders (found by Camel
 * through META-INF/services/org/apache/camel/properties-function/gateway):
 * <pre>
 * camel.server.host={{gateway:bindHost}}
 * </pre>
 * {@code bindHost}: {@code gateway.host} when set; else all interfaces ({@code 0.0.0.0}) when
 * gateway keys are set ({@code gateway.auth.keys} or {@code gateway.auth.adminKeys}), else only this
 * machine ({@code 127.0.0.1}): a gateway that asks for no key is not offered to the network unless
 * the operator says so.
 */
public class GatewayPropertiesFunction implements PropertiesFunction, CamelContextAware {

    public static final String LOOPBACK = "127.0.0.1";
    public static final String ALL_INTERFACES = "0.0.0.0";

    private CamelContext camelContext;

    @Override
    public String getName() {
        return "gateway";
    }

    @Override
    public String apply(String name) {
        if (!name.equals("bindHost")) {
            throw new IllegalArgumentException("unknown setting {{gateway:" + name + "}}; known: bindHost");
        }
        String host = property("gateway.host");
        if (!host.isEmpty()) {
            return host;
        }
        return property("gateway.auth.keys").isEmpty() && property("gateway.auth.adminKeys").isEmpty() ? LOOPBACK : ALL_INTERFACES;
    }

    private String property(String key) {
        return camelContext.getPropertiesComponent().resolveProperty(key).map(String::trim).orElse("");
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
