package dev.llmgateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.backend.Backend;
import dev.llmgateway.model.ModelInfo;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheck.State;
import org.junit.jupiter.api.Test;

class BackendsReadinessTest {

    private final Backend ollama = new Backend("ollama", "ollama", "http://localhost:11434", "", null);
    private final Backend lmStudio = new Backend("lmStudio", "openai", "http://127.0.0.1:1234/v1", "", null);
    private final Backend gemini = new Backend("gemini", "gemini", "https://generativelanguage.googleapis.com",
            "", null, "third-party", "no API key (agents.backends.gemini.apiKey)", Map.of());
    private final ModelRegistry registry = new ModelRegistry();
    private final HealthCheck readiness = new BackendsReadiness(registry);

    @Test
    void should_not_be_ready_before_the_first_discovery() {
        HealthCheck.Result result = readiness.call();

        assertThat(result.getState()).isEqualTo(State.DOWN);
        assertThat(result.getMessage()).hasValue("model discovery has not run yet");
    }

    @Test
    void should_be_ready_with_one_reachable_backend_whatever_the_others_say() {
        registry.up(ollama, List.of(new ModelInfo("ollama", "llama3.2:latest", 0)));
        registry.down(lmStudio, new ConnectException("Connection refused"));
        registry.disabled(gemini);

        HealthCheck.Result result = readiness.call();

        assertThat(result.getState()).isEqualTo(State.UP);
        assertThat(result.getDetails()).containsEntry("backend.ollama", "reachable")
                .containsEntry("backend.gemini", "disabled");
        assertThat((String) result.getDetails().get("backend.lmStudio"))
                .startsWith("unreachable: ").contains("http://127.0.0.1:1234/v1");
    }

    @Test
    void should_not_count_a_disabled_backend_as_ready() {
        registry.down(ollama, new ConnectException("Connection refused"));
        registry.disabled(gemini);

        HealthCheck.Result result = readiness.call();

        assertThat(result.getState()).isEqualTo(State.DOWN);
        assertThat(result.getMessage()).hasValue("no enabled backend is reachable");
    }

    @Test
    void should_check_readiness_only_so_a_backend_outage_never_restarts_the_gateway() {
        assertThat(readiness.isReadiness()).isTrue();
        assertThat(readiness.isLiveness()).isFalse();
    }
}
