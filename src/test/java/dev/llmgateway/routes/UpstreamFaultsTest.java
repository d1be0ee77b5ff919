package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.llmgateway.json.Json;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Regressions of issue 17, found by fault probes with a fake upstream: a backend's Retry-After was
 * ignored (a 429 with Retry-After: 7 was retried three times within 0.8 s) and never reached the
 * client.
 */
class UpstreamFaultsTest extends GatewayTestSupport {

    private static final String OLLAMA_REPLY = "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"At last.\"},"
            + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,\"eval_count\":3}";
    private static final String CHAT = "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("agents.retry.backoff", "20");
        properties.put("agents.retry.maxRetryAfter", "5s");
        return properties;
    }

    @Test
    void should_wait_as_long_as_the_backends_retry_after_says() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withBody("{\"error\":\"too many requests\"}"))
                .willSetStateTo("free"));
        backend.stubFor(post(urlEqualTo("/api/chat")).inScenario("limited").whenScenarioStateIs("free")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(OLLAMA_REPLY)));

        HttpResponse<String> reply = postJson("/v1/chat/completions", CHAT);

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(Json.parse(reply.body()).at("/choices/0/message/content").asText()).isEqualTo("At last.");
        List<LoggedRequest> calls = backend.findAll(postRequestedFor(urlEqualTo("/api/chat")));
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime()).isGreaterThanOrEqualTo(1900);
    }

    @Test
    void should_pass_a_long_retry_after_to_the_client_without_asking_again() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")
                .withBody("{\"error\":\"rate limit reached\"}")));
        long start = System.nanoTime();

        HttpResponse<String> openAi = postJson("/v1/chat/completions", CHAT);
        HttpResponse<String> ollama = postJson("/api/chat", CHAT);

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
        assertThat(openAi.statusCode()).isEqualTo(429);
        assertThat(openAi.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(Json.parse(openAi.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(ollama.statusCode()).isEqualTo(429);
        assertThat(ollama.headers().firstValue("Retry-After")).hasValue("60");
        backend.verify(2, postRequestedFor(urlEqualTo("/api/chat")));           // once per request
    }
}
