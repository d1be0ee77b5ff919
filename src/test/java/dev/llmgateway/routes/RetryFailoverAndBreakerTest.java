package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.llmgateway.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Faults before the first byte are retried, then failed over (agents.fallbacks.ollama=anthropic,lmStudio);
 * a backend that keeps failing trips its circuit breaker; the request's own faults and streams
 * that already began are never sent again.
 */
class RetryFailoverAndBreakerTest extends GatewayTestSupport {

    private static final String OLLAMA_REPLY = "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"From Ollama\"},"
            + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,\"eval_count\":2}";
    private static final String OPENAI_REPLY = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"qwen3-8b","choices":[{"index":0,
             "message":{"role":"assistant","content":"From LM Studio"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("agents.fallbacks.ollama", "anthropic, lmStudio");
        properties.put("agents.backends.lmStudio.defaultModel", "qwen3-8b");
        properties.put("agents.retry.backoff", "20ms");
        properties.put("agents.breaker.minimumNumberOfCalls", "4");
        properties.put("agents.breaker.slidingWindowSize", "4");
        properties.put("agents.breaker.waitDurationInOpenState", "60s");
        return properties;
    }

    @Test
    void should_retry_a_503_and_answer_from_the_same_backend() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"server busy, please try again\"}"))
                .willSetStateTo("recovered"));
        backend.stubFor(post(urlEqualTo("/api/chat")).inScenario("busy").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(OLLAMA_REPLY)));

        HttpResponse<String> reply = chat("lmstudio-free", false, "X-LLM-Backend", "lmNative", "X-Unused", "1");
        HttpResponse<String> ollama = chat("llama3.2", false);

        assertThat(reply.statusCode()).isNotEqualTo(200);      // lmNative: no stub, WireMock's 404, not retried
        backend.verify(1, postRequestedFor(urlPathMatching("/v1/chat/completions|/api/v1/chat")));
        assertThat(ollama.statusCode()).isEqualTo(200);
        assertThat(ollama.headers().firstValue("X-LLM-Backend")).hasValue("ollama");
        assertThat(Json.parse(ollama.body()).at("/choices/0/message/content").asText()).isEqualTo("From Ollama");
        backend.verify(2, postRequestedFor(urlEqualTo("/api/chat")));
    }

    @Test
    void should_not_retry_or_fail_over_what_is_the_requests_fault() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withStatus(404)
                .withBody("{\"error\":\"model \\\"nope\\\" not found, try pulling it first\"}")));

        HttpResponse<String> reply = chat("nope", false);

        assertThat(reply.statusCode()).isEqualTo(404);
        backend.verify(1, postRequestedFor(urlEqualTo("/api/chat")));
        backend.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void should_fail_over_after_the_retries_skipping_third_parties_for_private_requests() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        backend.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(OPENAI_REPLY)));

        HttpResponse<String> reply = chat("llama3.2", false, "X-Data-Sensitivity", "private");

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("X-LLM-Backend")).hasValue("lmStudio");
        assertThat(Json.parse(reply.body()).at("/choices/0/message/content").asText()).isEqualTo("From LM Studio");
        backend.verify(3, postRequestedFor(urlEqualTo("/api/chat")));            // 1 + 2 retries
        backend.verify(0, anyRequestedFor(urlPathMatching("/anthropic/.*")));     // private: no third party
        backend.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.model",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("qwen3-8b"))));
    }

    @Test
    void should_never_send_a_stream_again_once_it_began() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson")
                .withBody("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Half\"},\"done\":false}\n"
                        + "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\" an answ")));

        HttpResponse<String> reply = chat("llama3.2", true);

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("Half").contains("\"error\"");
        backend.verify(1, postRequestedFor(urlEqualTo("/api/chat")));
        backend.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void should_open_the_circuit_breaker_of_a_failing_backend_and_show_it_in_status() throws Exception {
        backend.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(500)
                .withBody("{\"error\":{\"message\":\"CUDA out of memory\"}}")));

        // lmStudio has no fallbacks; a window of 4 calls, all failed, opens its breaker
        HttpResponse<String> failed = chat("lmStudio/qwen3-8b", false);        // 3 attempts
        HttpResponse<String> tripping = chat("lmStudio/qwen3-8b", false);      // 1 attempt, then open
        HttpResponse<String> rejected = chat("lmStudio/qwen3-8b", false);      // no attempt
        JsonNode status = Json.parse(http.send(HttpRequest.newBuilder(URI.create(gateway("/api/status"))).build(),
                HttpResponse.BodyHandlers.ofString()).body());

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(Json.parse(failed.body()).at("/error/message").asText()).contains("CUDA out of memory");
        assertThat(tripping.statusCode()).isEqualTo(503);
        assertThat(rejected.statusCode()).isEqualTo(503);
        assertThat(Json.parse(rejected.body()).at("/error/code").asText()).isEqualTo("circuit_open");
        assertThat(Json.parse(rejected.body()).at("/error/message").asText()).contains("backend 'lmStudio'");
        assertThat(backend.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(4);
        assertThat(status.at("/backends/lmStudio/circuitBreaker").asText()).isEqualTo("OPEN");
        assertThat(status.at("/backends/ollama/circuitBreaker").asText()).isEqualTo("CLOSED");
        String scrape = http.send(HttpRequest.newBuilder(URI.create(gateway("/observe/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(scrape).contains("llm_circuit_breaker_state{backend=\"lmStudio\",state=\"open\"} 1.0");
    }

    private HttpResponse<String> chat(String model, boolean stream, String... headers) throws Exception {
        return postJson("/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", headers);
    }
}
