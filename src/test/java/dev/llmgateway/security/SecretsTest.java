package dev.llmgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Regression: a backend that quoted its key in an error handed it to the client (issue 16). */
class SecretsTest {

    @Test
    void should_remove_the_backends_own_key_wherever_it_appears() {
        String text = "Incorrect API key provided: my-vllm-key-42. You can find your API key at https://example.com.";

        assertThat(Secrets.scrub(text, "my-vllm-key-42"))
                .isEqualTo("Incorrect API key provided: ***. You can find your API key at https://example.com.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk-proj-AbCdEf0123456789xyz", "sk-ant-api03-AbCdEf0123456789_xyz-QQ", "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU",
            "hf_AbCdEfGhIjKlMnOpQrStUv", "gsk_0123456789abcdefABCDEF", "xai-0123456789abcdefABCDEF", "AKIAIOSFODNN7EXAMPLE",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"})
    void should_remove_anything_shaped_like_a_credential(String token) {
        assertThat(Secrets.scrub("rejected: " + token + " (401)")).isEqualTo("rejected: *** (401)");
    }

    @Test
    void should_remove_bearer_values_and_keys_in_urls() {
        assertThat(Secrets.scrub("sent Authorization: Bearer abc.def-123456 upstream"))
                .isEqualTo("sent Authorization: Bearer *** upstream");
        assertThat(Secrets.scrub("GET https://generativelanguage.googleapis.com/v1beta/models?key=whatever123&pageSize=10 failed"))
                .isEqualTo("GET https://generativelanguage.googleapis.com/v1beta/models?key=***&pageSize=10 failed");
    }

    @Test
    void should_leave_ordinary_text_alone() {
        String text = "model 'llama3.2:latest' not found, try pulling it first (task-queue 7, sketch-model)";

        assertThat(Secrets.scrub(text, "", null, "ab")).isEqualTo(text);
    }

    @Test
    void should_keep_log_values_on_one_line() {
        assertThat(LogSafe.text("x\n12:00:00 INFO admin logged in\r\u2028\u001b[31m")).isEqualTo(
                "x\\n12:00:00 INFO admin logged in\\r\\u2028\\u001b[31m");
        assertThat(LogSafe.text("a".repeat(500))).hasSize(203).endsWith("...");
    }
}
