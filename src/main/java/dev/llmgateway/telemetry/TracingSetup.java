package dev.llmgateway.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which OpenTelemetry the gateway's spans go to, decided once as it starts:
 * <ol>
 *   <li>the host application's, when it registered one in Camel's registry (Spring Boot, Quarkus);</li>
 *   <li>else the gateway's own SDK ({@link OtlpSdk}), when an OTLP endpoint or a traces exporter is
 *       configured: {@code OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318}, or its
 *       {@code otel.exporter.otlp.endpoint} system or Camel property, or the traces-only ones;</li>
 *   <li>else none: tracing is off, and costs a null check per request.</li>
 * </ol>
 * {@code OTEL_SDK_DISABLED=true} or {@code OTEL_TRACES_EXPORTER=none} keeps the gateway's own SDK off
 * whatever else is set.
 */
final class TracingSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TracingSetup.class);
    private static final String SDK = "io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk";
    private static final String EXPORTER = "io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter";

    private static final String CHOSEN = "llmTracingSetup";

    private TracingSetup() {
    }

    /** What {@link #choose} found, kept in Camel's registry. */
    private record Chosen(OpenTelemetry openTelemetry) {
    }

    /** The OpenTelemetry to trace with, or null: tracing off. */
    static OpenTelemetry openTelemetry(CamelContext camel) {
        Chosen chosen = camel.getRegistry().lookupByNameAndType(CHOSEN, Chosen.class);
        if (chosen == null) {              // once per CamelContext, which creates the telemetry bean twice: one SDK
            chosen = new Chosen(choose(camel));
            camel.getRegistry().bind(CHOSEN, chosen);
        }
        return chosen.openTelemetry();
    }

    private static OpenTelemetry choose(CamelContext camel) {
        OpenTelemetry host = camel.getRegistry().findSingleByType(OpenTelemetry.class);
        if (host != null) {
            LOG.info("Tracing: spans go to the host application's OpenTelemetry");
            return host;
        }
        Map<String, String> camelProperties = otelProperties(camel);
        String endpoint = setting("otel.exporter.otlp.traces.endpoint", camelProperties);
        endpoint = endpoint != null ? endpoint : setting("otel.exporter.otlp.endpoint", camelProperties);
        String exporter = setting("otel.traces.exporter", camelProperties);
        if ("true".equalsIgnoreCase(setting("otel.sdk.disabled", camelProperties)) || "none".equalsIgnoreCase(exporter)
                || endpoint == null && exporter == null) {
            return null;
        }
        if (!present(SDK) || !present(EXPORTER)) {
            LOG.warn("Tracing is configured (OTEL_EXPORTER_OTLP_ENDPOINT or otel.*) but the OpenTelemetry SDK is not on the"
                    + " classpath: add io.opentelemetry:opentelemetry-sdk-extension-autoconfigure and"
                    + " io.opentelemetry:opentelemetry-exporter-otlp (with opentelemetry-exporter-sender-jdk), or register an"
                    + " OpenTelemetry bean. No spans are recorded");
            return null;
        }
        try {
            OpenTelemetry sdk = OtlpSdk.start(camel, camelProperties);
            LOG.info("Tracing: spans exported over OTLP to {}", endpoint != null ? endpoint : exporter);
            return sdk;
        } catch (Exception | LinkageError e) {
            LOG.warn("Tracing is off: the OpenTelemetry SDK did not start", e);
            return null;
        }
    }

    /** A system property, else its environment variable ({@code OTEL_EXPORTER_OTLP_ENDPOINT}), else a Camel property. */
    private static String setting(String key, Map<String, String> camelProperties) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        if (value == null) {
            value = camelProperties.get(key);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Map<String, String> otelProperties(CamelContext camel) {
        Properties found = camel.getPropertiesComponent().loadProperties(key -> key.startsWith("otel."));
        Map<String, String> properties = new TreeMap<>();
        found.stringPropertyNames().forEach(key -> properties.put(key,
                camel.getPropertiesComponent().resolveProperty(key).orElse(found.getProperty(key))));
        return properties;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, TracingSetup.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
