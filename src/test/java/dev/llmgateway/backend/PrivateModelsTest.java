package dev.llmgateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Regression: agents.privateModels=secret-model protected only that exact spelling (issue 16). */
class PrivateModelsTest {

    private final PrivateModels listed = new PrivateModels(List.of("secret-model", " Qwen3:8B ", "medical-*", "ollama/notes", "*:70b"));

    @ParameterizedTest(name = "{0} on {1} is private: {2}")
    @CsvSource({
            "secret-model,                      openai,    true",
            "secret-model:latest,               openai,    true",
            "Secret-Model,                      openai,    true",
            "SECRET-MODEL:7B,                   anthropic, true",
            "openai/secret-model:latest,        openai,    true",
            "hf.co/acme/secret-model:Q4_K_M,    openai,    true",
            "secret-model:latest@sha256:1a2b3c, ollama,    true",
            "' secret-model ',                  openai,    true",
            "secret-model-2,                    openai,    false",
            "not-secret-model,                  openai,    false",
            "qwen3:8b,                          openai,    true",
            "QWEN3:8b,                          openai,    true",
            "qwen3:4b,                          openai,    false",
            "qwen3,                             openai,    false",
            "medical-notes,                     gemini,    true",
            "Medical-Triage:70b,                gemini,    true",
            "medical,                           gemini,    false",
            "notes,                             ollama,    true",
            "notes,                             gemini,    false",
            "llama3.3:70b,                      openai,    true",
            "llama3.3,                          openai,    false",
    })
    void should_match_every_spelling_a_backend_resolves_to_the_same_model(String model, String backend, boolean expected) {
        assertThat(listed.matches(backend, model)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"secret-model:latest,true", "secret-model,true", "secret-model:7b,false"})
    void should_read_an_untagged_request_as_latest(String model, boolean expected) {
        assertThat(new PrivateModels(List.of("secret-model:latest")).matches("ollama", model)).isEqualTo(expected);
    }
}
