package dev.llmgateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.backend.Backend;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.ModelInfo;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    private final Backend ollama = new Backend("ollama", "ollama", "http://localhost:11434", "", null);
    private final Backend lmStudio = new Backend("lmStudio", "openai", "http://127.0.0.1:1234/v1", "", null);
    private final ModelRegistry registry = new ModelRegistry();

    @Test
    void should_report_a_change_once_per_change_not_once_per_discovery() {
        // given
        registry.up(ollama, List.of(new ModelInfo("ollama", "llama3.2:latest", 0)));
        assertThat(registry.takeChange()).isTrue();

        // when the same result comes again
        registry.up(ollama, List.of(new ModelInfo("ollama", "llama3.2:latest", 0)));

        // then nothing is published
        assertThat(registry.takeChange()).isFalse();

        // when it goes down, twice
        registry.down(ollama, new ConnectException("Connection refused"));
        assertThat(registry.takeChange()).isTrue();
        registry.down(ollama, new ConnectException("Connection refused"));
        assertThat(registry.takeChange()).isFalse();

        // and a new model appears after it came back
        registry.up(ollama, List.of(new ModelInfo("ollama", "llama3.2:latest", 0)));
        registry.up(ollama, List.of(new ModelInfo("ollama", "llama3.2:latest", 0), new ModelInfo("ollama", "qwen3:8b", 0)));
        assertThat(registry.takeChange()).isTrue();
    }

    @Test
    void should_list_only_the_models_of_reachable_backends_and_keep_the_reason_of_the_others() {
        // given
        registry.up(lmStudio, List.of(new ModelInfo("lmStudio", "qwen3-8b", 0)));
        registry.up(ollama, List.of(new ModelInfo("ollama", "llama3.2:latest", 0)));
        registry.down(ollama, GatewayException.upstream("ollama", 500, "out of memory"));

        // then
        assertThat(registry.models()).extracting(ModelInfo::id).containsExactly("qwen3-8b");
        BackendStatus down = registry.statuses().stream().filter(s -> s.name().equals("ollama")).findFirst().orElseThrow();
        assertThat(down.reachable()).isFalse();
        assertThat(down.error()).isEqualTo("backend 'ollama' answered 500: out of memory");
        assertThat(down.models()).isEmpty();
        assertThat(down.checkedAt()).isNotNull();
    }
}
