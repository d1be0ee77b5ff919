package dev.llmgateway.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The gateway's own OpenTelemetry SDK, exporting its spans over OTLP, configured as every
 * OpenTelemetry SDK is ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_SERVICE_NAME}, ... or the
 * {@code otel.*} system properties), and also by {@code otel.*} Camel properties
 * (application.properties), which those two override. Traces only: no metrics or logs are exported
 * unless asked for. {@code OTEL_EXPORTER_OTLP_PROTOCOL=grpc} needs the OkHttp sender
 * ({@code io.opentelemetry:opentelemetry-exporter-sender-okhttp}) on the classpath. Closed (its last spans sent) as Camel stops.
 * <p>
 * The only class that touches the SDK: the SDK and its exporter are optional dependencies, and
 * {@link TracingSetup} loads this class only once it found them.
 */
final class OtlpSdk {

    private OtlpSdk() {
    }

    static OpenTelemetry start(CamelContext camel, Map<String, String> camelProperties) throws Exception {
        // http/protobuf, as the OTLP specification has it (port 4318): the Java SDK's own default is
        // gRPC, which the JDK's HTTP client the gateway sends with does not speak
        Map<String, String> properties = new HashMap<>(Map.of(
                "otel.service.name", "camel-llm-gateway",
                "otel.exporter.otlp.protocol", "http/protobuf",
                "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none"));
        properties.putAll(camelProperties);
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> properties)
                .build()
                .getOpenTelemetrySdk();
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                sdk.close();            // flushes the spans still batched (up to 10 s)
            }
        }, true, true);
        return sdk;
    }
}
