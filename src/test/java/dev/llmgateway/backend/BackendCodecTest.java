package dev.llmgateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackendCodecTest {

    @Test
    void should_read_the_message_of_an_openai_error() {
        // given
        String body = """
                {"error":{"message":"The model `gpt-5` does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}}""";

        // when / then
        assertThat(BackendCodec.errorMessage(body)).isEqualTo("The model `gpt-5` does not exist");
    }

    @Test
    void should_read_a_plain_error_string_of_ollama_and_tgi() {
        // when / then
        assertThat(BackendCodec.errorMessage("{\"error\":\"model 'llama9' not found\"}"))
                .isEqualTo("model 'llama9' not found");
        assertThat(BackendCodec.errorMessage("{\"error\":\"Input validation error\",\"error_type\":\"validation\"}"))
                .isEqualTo("Input validation error");
    }

    @Test
    void should_read_a_top_level_message() {
        // when / then
        assertThat(BackendCodec.errorMessage("{\"message\":\"Unauthorized\",\"status\":401}")).isEqualTo("Unauthorized");
    }

    @Test
    void should_fall_back_to_the_text_of_a_body_without_a_message() {
        // when / then
        assertThat(BackendCodec.errorMessage("404 page not found\n")).isEqualTo("404 page not found");
        assertThat(BackendCodec.errorMessage("<html><body>Bad Gateway</body></html>"))
                .isEqualTo("<html><body>Bad Gateway</body></html>");
        assertThat(BackendCodec.errorMessage("{\"error\":{\"type\":\"unknown\"}}"))
                .isEqualTo("{\"error\":{\"type\":\"unknown\"}}");
    }

    @Test
    void should_name_an_empty_body() {
        // when / then
        assertThat(BackendCodec.errorMessage("")).isEqualTo("(empty body)");
        assertThat(BackendCodec.errorMessage("  \n")).isEqualTo("(empty body)");
    }

    @Test
    void should_abbreviate_a_long_text_body() {
        // given
        String body = "x".repeat(600);

        // when / then
        assertThat(BackendCodec.errorMessage(body)).isEqualTo("x".repeat(500) + "...");
    }
}
