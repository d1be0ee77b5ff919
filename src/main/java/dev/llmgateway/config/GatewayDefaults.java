package dev.llmgateway.config;

import dev.llmgateway.camel.GatewayPropertiesFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.Ordered;
import org.apache.camel.spi.ContextServicePlugin;
import org.apache.camel.spi.LoadablePropertiesSource;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The gateway's defaults for every {@code agents.*} and {@code gateway.*} setting, below all of the
 * host's own: an application that embeds the gateway (Camel Main, Spring Boot, Quarkus, an export)
 * sets only what it changes and loads no second properties file. They are the settings of the jar's
 * {@code llm-gateway/application.properties} (this project's {@code application.properties}), but
 * its backends: {@code agents.backends.*} name the backends of a standalone gateway, and a host
 * names its own. Camel finds this plugin through {@code META-INF/services} as it creates a context,
 * before any route file is read.
 */
public final class GatewayDefaults implements ContextServicePlugin, LoadablePropertiesSource, Ordered {

    static final String LOCATION = "llm-gateway/application.properties";

    private final Properties defaults = new Properties();
    /** Camel's properties, whose initial properties (ranked below every source) win here too. */
    private volatile PropertiesComponent properties;

    public GatewayDefaults() {
        try (InputStream in = GatewayDefaults.class.getClassLoader().getResourceAsStream(LOCATION)) {
            if (in == null) {
                return;
            }
            Properties all = new Properties();
            all.load(in);
            all.stringPropertyNames().stream()
                    .filter(key -> (key.startsWith("agents.") || key.startsWith("gateway.")) && !key.startsWith("agents.backends."))
                    .forEach(key -> defaults.setProperty(key, all.getProperty(key)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gateway's defaults, " + LOCATION, e);
        }
    }

    @Override
    public void load(CamelContext camelContext) {
        properties = camelContext.getPropertiesComponent();
        properties.addPropertiesSource(this);
        // {{gateway:bindHost}}: Camel finds the function through META-INF/services by itself, but
        // Camel Quarkus looks there at build time only in the jars Quarkus indexes, which this one
        // is not; here every host has it
        if (!properties.hasPropertiesFunction("gateway")) {
            GatewayPropertiesFunction function = new GatewayPropertiesFunction();
            function.setCamelContext(camelContext);
            properties.addPropertiesFunction(function);
        }
    }

    @Override
    public String getName() {
        return "llm-gateway-defaults";
    }

    @Override
    public String getProperty(String name) {
        return hostSets(name) ? null : defaults.getProperty(name);
    }

    @Override
    public Properties loadProperties() {
        return loadProperties(key -> true);
    }

    @Override
    public Properties loadProperties(Predicate<String> filter) {
        Properties matching = new Properties();
        defaults.stringPropertyNames().stream().filter(key -> filter.test(key) && !hostSets(key))
                .forEach(key -> matching.setProperty(key, defaults.getProperty(key)));
        return matching;
    }

    /** A setting among the host's initial properties (Camel Main's and the Camel CLI's way to pass some). */
    private boolean hostSets(String name) {
        Properties initial = properties instanceof org.apache.camel.component.properties.PropertiesComponent camel
                ? camel.getInitialProperties() : null;
        return initial != null && initial.containsKey(name);
    }

    @Override
    public void reloadProperties(String location) {
        // fixed: the jar's own defaults
    }

    /** Below every other source of settings. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST;
    }
}
