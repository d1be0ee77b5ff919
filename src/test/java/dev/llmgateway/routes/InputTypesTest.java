package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.json.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Regressions of issue 16: "content":42 went upstream as "", max_tokens 4294967297 as num_predict 1.
 * A value of the wrong type or out of range is a 400 naming the field, on every front door, and
 * nothing reaches a backend.
 */
class InputTypesTest extends GatewayTestSupport {

    @AfterEach
    void nothingWasSent() {
        backend.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "/v1/chat/completions | {\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":42}]}                        | 'content' must be a string or an array",
            "/v1/chat/completions | {\"model\":\"llama3.2\",\"max_tokens\":4294967297,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]} | 'max_tokens' must be a whole number from 1 to 2147483647, not 4294967297",
            "/v1/chat/completions | {\"model\":\"llama3.2\",\"max_tokens\":1.5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}        | 'max_tokens' must be a whole number",
            "/v1/chat/completions | {\"model\":\"llama3.2\",\"top_p\":1.5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}             | 'top_p' must be a number from 0 to 1, not 1.5",
            "/v1/chat/completions | {\"model\":\"llama3.2\",\"temperature\":-1,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}        | 'temperature' must be a number of at least 0",
            "/v1/chat/completions | {\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}                                   | 'model' must be a string, not 42",
            "/v1/chat/completions | {\"model\":\"llama3.2\",\"stop\":[1],\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}            | 'stop' must hold strings only",
            "/v1/chat/completions | {\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}          | a text part needs 'text'",
            "/v1/chat/completions | {\"model\":\"llama3.2\",\"seed\":1e30,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}           | 'seed' must be a whole number",
            "/api/chat            | {\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":42}]}                        | 'content' must be a string, not 42",
            "/api/chat            | {\"model\":\"llama3.2\",\"options\":{\"num_predict\":4294967297},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]} | 'num_predict' must be a whole number from -2 to 2147483647",
            "/api/chat            | {\"model\":\"llama3.2\",\"think\":\"maybe\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}     | 'think' must be true, false",
            "/api/chat            | {\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\",\"images\":[7]}]}      | 'images' must hold strings only",
            "/api/chat            | {\"model\":\"llama3.2\",\"options\":[1],\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}        | 'options' must be an object",
            "/v1/messages         | {\"model\":\"llama3.2\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":42}]}       | messages.0.content: must be a string or an array of content blocks",
            "/v1/messages         | {\"model\":\"llama3.2\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}     | 'max_tokens' must be a whole number from 1",
            "/v1/messages         | {\"model\":\"llama3.2\",\"max_tokens\":64,\"stop_sequences\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":5}]}]} | 'text' must be a string, not 5",
    })
    void should_refuse_a_value_of_the_wrong_type_or_out_of_range(String path, String body, String message) throws Exception {
        HttpResponse<String> reply = postJson(path, body, "anthropic-version", "2023-06-01");

        assertThat(reply.statusCode()).isEqualTo(400);
        String text = path.equals("/api/chat") ? Json.parse(reply.body()).path("error").asText()
                : Json.parse(reply.body()).at("/error/message").asText();
        assertThat(text).contains(message);
    }
}
