package dev.llmgateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.backend.UpstreamErrors;
import dev.llmgateway.dialect.ollama.OllamaBackendCodec;
import dev.llmgateway.model.GatewayException;
import java.io.InputStream;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class BackendCodecTest {

    @Test
    void should_read_the_message_of_an_openai_error() {
        // given
        String body = """
                {"error":{"message":"The model `gpt-5` does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}}""";

        // when / then
        assertThat(UpstreamErrors.errorMessage(body)).isEqualTo("The model `gpt-5` does not exist");
    }

    @Test
    void should_read_a_plain_error_string_of_ollama_and_tgi() {
        // when / then
        assertThat(UpstreamErrors.errorMessage("{\"error\":\"model 'llama9' not found\"}"))
                .isEqualTo("model 'llama9' not found");
        assertThat(UpstreamErrors.errorMessage("{\"error\":\"Input validation error\",\"error_type\":\"validation\"}"))
                .isEqualTo("Input validation error");
    }

    @Test
    void should_read_a_top_level_message() {
        // when / then
        assertThat(UpstreamErrors.errorMessage("{\"message\":\"Unauthorized\",\"status\":401}")).isEqualTo("Unauthorized");
    }

    @Test
    void should_fall_back_to_the_text_of_a_body_without_a_message() {
        // when / then
        assertThat(UpstreamErrors.errorMessage("404 page not found\n")).isEqualTo("404 page not found");
        assertThat(UpstreamErrors.errorMessage("<html><body>Bad Gateway</body></html>"))
                .isEqualTo("<html><body>Bad Gateway</body></html>");
        assertThat(UpstreamErrors.errorMessage("{\"error\":{\"type\":\"unknown\"}}"))
                .isEqualTo("{\"error\":{\"type\":\"unknown\"}}");
    }

    @Test
    void should_name_an_empty_body() {
        // when / then
        assertThat(UpstreamErrors.errorMessage("")).isEqualTo("(empty body)");
        assertThat(UpstreamErrors.errorMessage("  \n")).isEqualTo("(empty body)");
    }

    @Test
    void should_abbreviate_a_long_text_body() {
        // given
        String body = "x".repeat(600);

        // when / then
        assertThat(UpstreamErrors.errorMessage(body)).isEqualTo("x".repeat(500) + "...");
    }

    /** Regression (issue 17): a huge whole reply was read into memory to the end (OutOfMemoryError). */
    @Test
    void should_refuse_a_whole_reply_larger_than_it_reads() throws Exception {
        // given: 65 MiB of JSON that never ends, made up as it is read
        InputStream endless = new InputStream() {
            private long served;

            @Override
            public int read() {
                return served++ == 0 ? '{' : ' ';
            }
        };
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(BackendCodec.BACKEND, new Backend("ollama", "ollama", "http://localhost:11434", "", null));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(endless);

        // when / then
        assertThatThrownBy(() -> new OllamaBackendCodec().decodeReply(exchange))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(502))
                .hasMessageContaining("larger than the 67108864 bytes");
    }

    @Test
    void should_read_retry_after_as_seconds_or_a_date() {
        // when / then
        assertThat(UpstreamErrors.retryAfterSeconds("7")).isEqualTo(7L);
        assertThat(UpstreamErrors.retryAfterSeconds(" 120 ")).isEqualTo(120L);
        assertThat(UpstreamErrors.retryAfterSeconds(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30)))).isBetween(28L, 30L);
        assertThat(UpstreamErrors.retryAfterSeconds("soon")).isNull();
        assertThat(UpstreamErrors.retryAfterSeconds(null)).isNull();
    }
}
