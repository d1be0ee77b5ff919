package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Private requests never reach a third-party backend; with no agents.privateBackend they are refused. */
class PrivacyRoutingTest extends GatewayTestSupport {

    private static final String CHAT = """
            {"model":"%s","messages":[{"role":"user","content":"patient record 4711"}]}""";

    @BeforeEach
    void stubEveryBackend() {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Kept local.\"},"
                        + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,\"eval_count\":3}")));
    }

    @Test
    void should_refuse_a_private_request_for_a_third_party_backend_in_each_dialect() throws Exception {
        try (LogCapture log = LogCapture.attach()) {
            HttpResponse<String> openAi = postJson("/v1/chat/completions", CHAT.formatted("anthropic/claude-sonnet-4-5"),
                    "X-Data-Sensitivity", "private");
            HttpResponse<String> ollama = postJson("/api/chat", CHAT.formatted("gemini-2.5-flash"),
                    "X-Data-Sensitivity", "Private", "X-LLM-Backend", "gemini");
            HttpResponse<String> anthropic = postJson("/v1/messages", """
                    {"model":"anthropic/claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"patient record 4711"}]}""",
                    "X-Data-Sensitivity", "private", "anthropic-version", "2023-06-01");

            assertThat(openAi.statusCode()).isEqualTo(403);
            JsonNode error = Json.parse(openAi.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("private_data_third_party");
            assertThat(error.path("message").asText()).contains("private").contains("third-party backend 'anthropic'");
            assertThat(ollama.statusCode()).isEqualTo(403);
            assertThat(Json.parse(ollama.body()).path("error").asText()).contains("third-party backend 'gemini'");
            assertThat(anthropic.statusCode()).isEqualTo(403);
            assertThat(Json.parse(anthropic.body()).at("/error/type").asText()).isEqualTo("permission_error");
            backend.verify(0, anyRequestedFor(urlPathMatching("/(anthropic|gemini)/.*")));
            assertThat(log.allOnce("ingress=openai private=true status=403 outcome=client_error"))
                    .contains("route=\"model prefix; private: refused third-party backend anthropic\"")
                    .doesNotContain("patient record");
        }
    }

    @Test
    void should_let_private_requests_reach_local_backends() throws Exception {
        HttpResponse<String> reply = postJson("/v1/chat/completions", CHAT.formatted("llama3.2"), "X-Data-Sensitivity", "private");

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("X-LLM-Backend")).hasValue("ollama");
    }

    @Test
    void should_refuse_an_unknown_sensitivity_instead_of_treating_it_as_normal() throws Exception {
        HttpResponse<String> reply = postJson("/v1/chat/completions", CHAT.formatted("anthropic/claude-sonnet-4-5"),
                "X-Data-Sensitivity", "confidental");

        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(Json.parse(reply.body()).at("/error/message").asText())
                .isEqualTo("unknown X-Data-Sensitivity 'confidental'; use private or normal");
        backend.verify(0, anyRequestedFor(urlPathMatching("/anthropic/.*")));
    }

    @Test
    void should_refuse_a_private_websocket_chat_for_a_third_party_backend() throws Exception {
        try (WsTestClient ws = new WsTestClient(wsPort)) {
            ws.send("""
                    {"type":"chat","id":"p1","backend":"gemini","model":"gemini-2.5-flash","sensitivity":"private",
                     "messages":[{"role":"user","content":"patient record 4711"}]}""");

            JsonNode frame = ws.next();

            assertThat(frame.path("type").asText()).isEqualTo("error");
            assertThat(frame.at("/error/status").asInt()).isEqualTo(403);
            assertThat(frame.at("/error/code").asText()).isEqualTo("private_data_third_party");
            backend.verify(0, anyRequestedFor(urlPathMatching("/gemini/.*")));
        }
    }
}
