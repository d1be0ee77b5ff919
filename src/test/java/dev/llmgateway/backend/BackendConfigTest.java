package dev.llmgateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Base URLs given as OLLAMA_HOST gives them. */
class BackendConfigTest {

    @ParameterizedTest
    @CsvSource({
        "gpu-box:11434, http://gpu-box:11434",
        "0.0.0.0:11434, http://127.0.0.1:11434",
        "http://0.0.0.0:11434, http://127.0.0.1:11434",
        "https://ollama.example.com, https://ollama.example.com",
        "http://10.0.0.0:11434, http://10.0.0.0:11434",
        "http://localhost:11434, http://localhost:11434"})
    void should_read_a_host_as_a_url_of_a_reachable_address(String given, String url) {
        assertThat(BackendConfig.hostUrl(given)).isEqualTo(url);
    }
}
