package dev.llmgateway.config;

import java.util.Properties;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The settings whose keys match, wherever the host keeps them. Camel lists its own sources (the
 * properties files of Camel Main and the Camel CLI, the gateway's defaults); Spring Boot's
 * environment and MicroProfile Config (Quarkus) it can only look up key by key, so their keys are
 * listed here from the host's own API, found by name, so that the jar depends on neither. Without
 * this a host would have to name every backend ({@code agents.backendNames}) and a mistyped key in
 * its {@code application.properties} would go unnoticed. Values as Camel gives them: unresolved
 * ({@code {{env:OPENAI_API_KEY:}}}) from Camel's own sources, resolved from the host's.
 */
public final class HostSettings {

    private HostSettings() {
    }

    public static Properties load(CamelContext context, Predicate<String> wanted) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Properties settings = properties.loadProperties(wanted);
        Properties fromHost = new Properties();
        springKeys(context, wanted, fromHost);
        microProfileKeys(wanted, fromHost);
        for (String key : fromHost.stringPropertyNames()) {
            if (!settings.containsKey(key)) {
                properties.resolveProperty(key).ifPresent(value -> settings.setProperty(key, value));
            }
        }
        return settings;
    }

    /** The keys of Spring's environment (the registry's bean {@code environment}), from its enumerable sources. */
    private static void springKeys(CamelContext context, Predicate<String> wanted, Properties keys) {
        Object environment = context.getRegistry().lookupByName("environment");
        if (environment == null) {
            return;
        }
        try {
            ClassLoader loader = environment.getClass().getClassLoader();
            Class<?> configurable = Class.forName("org.springframework.core.env.ConfigurableEnvironment", false, loader);
            Class<?> enumerable = Class.forName("org.springframework.core.env.EnumerablePropertySource", false, loader);
            if (!configurable.isInstance(environment)) {
                return;
            }
            for (Object source : (Iterable<?>) configurable.getMethod("getPropertySources").invoke(environment)) {
                if (enumerable.isInstance(source)) {
                    for (String key : (String[]) enumerable.getMethod("getPropertyNames").invoke(source)) {
                        if (wanted.test(key)) {
                            keys.setProperty(key, "");
                        }
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException notSpring) {
            // not Spring's environment: nothing to add
        }
    }

    /** The keys of MicroProfile Config, when the host has it (Quarkus). */
    private static void microProfileKeys(Predicate<String> wanted, Properties keys) {
        try {
            Class<?> provider = Class.forName("org.eclipse.microprofile.config.ConfigProvider");
            Class<?> config = Class.forName("org.eclipse.microprofile.config.Config");
            Object current = provider.getMethod("getConfig").invoke(null);
            for (Object key : (Iterable<?>) config.getMethod("getPropertyNames").invoke(current)) {
                if (wanted.test(key.toString())) {
                    keys.setProperty(key.toString(), "");
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError noMicroProfile) {
            // no MicroProfile Config here
        }
    }
}
