package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.json.Json;
import java.net.http.HttpResponse;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With agents.privateBackend, private requests aimed at a third party are rerouted there instead. */
class PrivateBackendTest extends GatewayTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("agents.privateBackend", "OLLAMA");
        properties.put("agents.privateModel", "llama3.2:private");
        properties.put("agents.privateModels", "medical-notes, hr-assistant");
        return properties;
    }

    @BeforeEach
    void stubOllama() {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"model\":\"llama3.2:private\",\"message\":{\"role\":\"assistant\",\"content\":\"Kept local.\"},"
                        + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,\"eval_count\":3}")));
    }

    @Test
    void should_reroute_a_private_request_for_a_third_party_to_the_private_backend() throws Exception {
        HttpResponse<String> reply = postJson("/v1/chat/completions", """
                {"model":"anthropic/claude-sonnet-4-5","messages":[{"role":"user","content":"Hi"}]}""",
                "X-Data-Sensitivity", "private");

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("X-LLM-Backend")).hasValue("ollama");
        assertThat(Json.parse(reply.body()).at("/choices/0/message/content").asText()).isEqualTo("Kept local.");
        backend.verify(postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("llama3.2:private"))));
        backend.verify(0, anyRequestedFor(urlPathMatching("/anthropic/.*")));
    }

    @Test
    void should_treat_models_listed_as_private_as_private_without_a_header() throws Exception {
        HttpResponse<String> reply = postJson("/v1/chat/completions", """
                {"model":"medical-notes","messages":[{"role":"user","content":"Hi"}]}""", "X-LLM-Backend", "gemini");

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("X-LLM-Backend")).hasValue("ollama");
        backend.verify(0, anyRequestedFor(urlPathMatching("/gemini/.*")));
    }

    @Test
    void should_leave_normal_requests_to_third_parties_alone() throws Exception {
        HttpResponse<String> reply = postJson("/v1/chat/completions", """
                {"model":"gemini/gemini-2.5-flash","messages":[{"role":"user","content":"Hi"}]}""");

        // the simulated Gemini has no stub: the request went there and got WireMock's 404
        assertThat(reply.headers().firstValue("X-LLM-Backend")).hasValue("gemini");
        backend.verify(1, anyRequestedFor(urlPathMatching("/gemini/.*")));
    }
}
