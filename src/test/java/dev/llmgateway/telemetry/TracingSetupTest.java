package dev.llmgateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which OpenTelemetry the gateway traces with: none unless configured, the host's, or its own SDK. */
class TracingSetupTest {

    @BeforeEach
    void noOtelEnvironment() {
        assumeTrue(System.getenv().keySet().stream().noneMatch(name -> name.startsWith("OTEL_")),
                "the machine's own OTEL_* variables would configure the SDK");
    }

    @Test
    void should_build_nothing_when_nothing_is_configured() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().addInitialProperty("otel.service.name", "a name alone exports nothing");

            assertThat(TracingSetup.openTelemetry(camel)).isNull();
        }
    }

    @Test
    void should_use_the_host_applications_opentelemetry() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            OpenTelemetry host = OpenTelemetry.noop();
            camel.getRegistry().bind("hostTelemetry", host);
            camel.getPropertiesComponent().addInitialProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:4318");

            assertThat(TracingSetup.openTelemetry(camel)).isSameAs(host);
        }
    }

    @Test
    void should_start_its_own_sdk_for_an_otlp_endpoint_and_close_it_with_camel() throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.getPropertiesComponent().setInitialProperties(properties("otel.exporter.otlp.endpoint", "http://127.0.0.1:9"));
        camel.start();

        OpenTelemetry sdk = TracingSetup.openTelemetry(camel);

        assertThat(sdk).isInstanceOf(OpenTelemetrySdk.class);
        assertThat(sdk.getTracer("test").spanBuilder("a").startSpan().isRecording()).isTrue();
        camel.close();
        assertThat(sdk.getTracer("test").spanBuilder("b").startSpan().isRecording()).as("shut down").isFalse();
    }

    @Test
    void should_stay_off_when_the_sdk_is_disabled() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setInitialProperties(properties(
                    "otel.exporter.otlp.endpoint", "http://127.0.0.1:9", "otel.sdk.disabled", "true"));

            assertThat(TracingSetup.openTelemetry(camel)).isNull();
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
