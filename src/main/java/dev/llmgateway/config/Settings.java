package dev.llmgateway.config;

import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.support.component.PropertyConfigurerSupport;

/** One optional setting of the gateway, as the beans that read their own at start read it. */
public final class Settings {

    private Settings() {
    }

    /**
     * The setting's value, trimmed; empty when it is not set or blank. {@code camel export} resolves
     * every setting it does not find to a magic value ({@code @@CamelMagicValue@@}) while it looks
     * for the routes' dependencies: that is "not set" too, so an export does not open a store or a
     * Redis connection that no setting asked for.
     */
    public static Optional<String> optional(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim)
                .filter(value -> !value.isEmpty() && !value.contains(PropertyConfigurerSupport.MAGIC_VALUE));
    }
}
