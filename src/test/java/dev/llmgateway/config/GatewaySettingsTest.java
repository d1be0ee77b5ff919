package dev.llmgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * Regression (issue 17; issue 21 reported the cases): a setting of the wrong kind started the
 * gateway and failed at the first request, or never (agents.discovery.period=banana), and a key
 * in the wrong case (agents.backends.ollama.baseurl) was silently ignored.
 */
class GatewaySettingsTest {

    @Test
    void should_accept_the_shipped_settings() throws Exception {
        Properties shipped = new Properties();
        try (Reader file = Files.newBufferedReader(Path.of("application.properties"))) {
            shipped.load(file);
        }
        shipped.setProperty("agents.backends.anthropic.maxTokens", "4096");
        shipped.setProperty("agents.fallbacks.ollama", "lmStudio");

        assertThatCode(() -> check(shipped)).doesNotThrowAnyException();
    }

    @Test
    void should_refuse_to_start_naming_every_value_of_the_wrong_kind() {
        Properties settings = new Properties();
        settings.setProperty("agents.retry.maxAttempts", "abc");
        settings.setProperty("agents.discovery.period", "banana");
        settings.setProperty("agents.defaultSensitivity", "secret");
        settings.setProperty("gateway.ws.port", "99999");
        settings.setProperty("agents.breaker.failureRateThreshold", "0");
        settings.setProperty("agents.backends.ollama.idleTimeout", "120");
        settings.setProperty("gateway.http.virtualThreads", "yes");

        assertThatThrownBy(() -> check(settings)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Settings the gateway cannot use:")
                .hasMessageContaining("agents.retry.maxAttempts=abc is not a whole number of 1 or more")
                .hasMessageContaining("agents.discovery.period=banana is not a duration")
                .hasMessageContaining("agents.defaultSensitivity=secret is not private, normal or public")
                .hasMessageContaining("gateway.ws.port=99999 is not a port number from 1 to 65535")
                .hasMessageContaining("agents.breaker.failureRateThreshold=0 is not a number above 0 and up to 100")
                .hasMessageContaining("agents.backends.ollama.idleTimeout=120 is not a duration")
                .hasMessageContaining("gateway.http.virtualThreads=yes is not auto, true or false");
    }

    @Test
    void should_refuse_a_setting_spelled_in_the_wrong_case_naming_the_right_one() {
        Properties settings = new Properties();
        settings.setProperty("agents.backends.ollama.baseurl", "http://gpu-box:11434");
        settings.setProperty("agents.defaultbackend", "ollama");

        assertThatThrownBy(() -> check(settings))
                .hasMessageContaining("agents.backends.ollama.baseurl is not a setting: did you mean agents.backends.ollama.baseUrl?")
                .hasMessageContaining("agents.defaultbackend is not a setting: did you mean agents.defaultBackend?");
    }

    @Test
    void should_never_show_a_key_in_its_message() {
        Properties settings = new Properties();
        settings.setProperty("agents.backends.openai.apiKey", "sk-live-secret");
        settings.setProperty("agents.backends.openai.maxTokens", "many");

        assertThatThrownBy(() -> check(settings)).message().doesNotContain("sk-live-secret")
                .contains("agents.backends.openai.maxTokens=many");
    }

    @Test
    void should_let_unknown_keys_and_empty_values_pass() {
        Properties settings = new Properties();
        settings.setProperty("gateway.someHostSetting", "x");
        settings.setProperty("agents.backends.vllm.someCodecOption", "y");
        settings.setProperty("agents.retry.backoff", "");

        assertThatCode(() -> check(settings)).doesNotThrowAnyException();
        assertThat(GatewaySettings.problem("agents.retry.backoff", "250ms", GatewaySettings.Kind.DURATION)).isEmpty();
    }

    private static void check(Properties properties) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(properties);
            GatewaySettings settings = new GatewaySettings();
            settings.setCamelContext(context);
            settings.check();
        }
    }

    @Test
    void should_name_the_setting_a_mistyped_key_most_likely_means() {
        assertThat(GatewaySettings.closest("agents.retry.maxAtempts")).contains("agents.retry.maxAttempts");
        assertThat(GatewaySettings.closest("agents.backends.gpu.baseUr")).contains("agents.backends.gpu.baseUrl");
        assertThat(GatewaySettings.closest("gateway.http.idleTimout")).contains("gateway.http.idleTimeout");
        assertThat(GatewaySettings.closest("gateway.something.else")).isEmpty();
    }
}
