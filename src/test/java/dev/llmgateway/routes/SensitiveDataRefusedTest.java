package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import java.net.http.HttpResponse;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** agents.privacy.onDetect=refuse: a prompt with such data is refused, in the caller's dialect, and goes nowhere. */
class SensitiveDataRefusedTest extends GatewayTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.setProperty("agents.privacy.detect", "all");
        properties.setProperty("agents.privacy.onDetect", "refuse");
        return properties;
    }

    @Test
    void should_refuse_a_prompt_with_a_secret_before_any_backend() throws Exception {
        try (LogCapture log = LogCapture.attach()) {
            HttpResponse<String> openAi = postJson("/v1/chat/completions", """
                    {"model":"llama3.2","messages":[{"role":"user","content":"Why does AKIAIOSFODNN7EXAMPLE fail?"}]}""");
            HttpResponse<String> ollama = postJson("/api/chat", """
                    {"model":"llama3.2","stream":false,"messages":[{"role":"user","content":"Card 4111 1111 1111 1111 declined"}]}""");

            HttpResponse<String> embeddings = postJson("/v1/embeddings", """
                    {"model":"nomic-embed-text","input":["Contact: jane.doe@example.com"]}""");

            assertThat(embeddings.statusCode()).as(embeddings.body()).isEqualTo(403);
            assertThat(Json.parse(embeddings.body()).at("/error/code").asText()).isEqualTo("sensitive_data");
            assertThat(openAi.statusCode()).isEqualTo(403);
            JsonNode error = Json.parse(openAi.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("sensitive_data");
            assertThat(error.path("message").asText()).contains("[apiKey]").doesNotContain("AKIA");
            assertThat(ollama.statusCode()).isEqualTo(403);
            assertThat(Json.parse(ollama.body()).path("error").asText()).contains("[card]");
            backend.verify(0, anyRequestedFor(urlPathMatching("/api/(chat|embed)")));
            assertThat(log.allOnce("refused: detected apiKey", "refused: detected card"))
                    .doesNotContain("AKIAIOSFODNN7EXAMPLE").doesNotContain("4111");
        }
    }
}
