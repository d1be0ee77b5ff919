package dev.llmgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.backend.Backend;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression (issue 17): time settings came in three units (agents.retry.backoff in ms, the
 * breaker's wait in s, the rest as text), and a bad one failed at the first request, if at all.
 */
class DurationsTest {

    @Test
    void should_read_durations_with_their_unit() {
        assertThat(Durations.parse("k", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("k", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("k", " 5m ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("k", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    }

    @ParameterizedTest
    @ValueSource(strings = {"250", "soon", "", "30 seconds", "-5s"})
    void should_refuse_what_is_no_duration_naming_setting_and_value(String value) {
        assertThatThrownBy(() -> Durations.parse("agents.retry.backoff", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("agents.retry.backoff=" + value + " is not a duration: give a number with its unit, "
                        + "e.g. 250ms, 30s, 5m or 1h30m");
    }

    @Test
    void should_refuse_a_backend_whose_time_limit_is_no_duration() {
        assertThatThrownBy(() -> new Backend("lmStudio", "openai", "http://127.0.0.1:1234/v1", "", null, "local", null,
                Map.of("idleTimeout", "120")))
                .hasMessageStartingWith("agents.backends.lmStudio.idleTimeout (or agents.timeouts.idleTimeout)=120 is not a duration");
    }
}
