package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A prompt with personal data goes only to a local backend without the client saying so
 * (agents.privacy.detect), and the third party never sees it; the log names the detector, never the data.
 */
class SensitiveDataRoutingTest extends GatewayTestSupport {

    private static final String CHAT = """
            {"model":"anthropic/claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"%s"}]}""";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.setProperty("agents.privacy.detect", "email,iban");
        properties.setProperty("agents.privacy.patterns.customerId", "CUST-[0-9]{6}");
        properties.setProperty("agents.privateBackend", "ollama");
        return properties;
    }

    @BeforeEach
    void stubBackends() {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Kept local.\"},"
                        + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,\"eval_count\":3}")));
        backend.stubFor(post(urlEqualTo("/anthropic/v1/messages")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                         "content":[{"type":"text","text":"Sent out."}],"stop_reason":"end_turn",
                         "usage":{"input_tokens":5,"output_tokens":2}}""")));
    }

    @Test
    void should_keep_a_prompt_with_personal_data_local_in_each_dialect() throws Exception {
        try (LogCapture log = LogCapture.attach()) {
            HttpResponse<String> openAi = postJson("/v1/chat/completions", CHAT.formatted("Mail jane.doe@example.com the report"));
            HttpResponse<String> anthropic = postJson("/v1/messages", CHAT.formatted("Pay DE89 3704 0044 0532 0130 00"),
                    "anthropic-version", "2023-06-01");
            HttpResponse<String> ollama = postJson("/api/chat", CHAT.formatted("Ticket of CUST-004711").replace("\"max_tokens\":64,", "")
                    .replace("}]}", "}],\"stream\":false}"));

            for (HttpResponse<String> reply : java.util.List.of(openAi, anthropic, ollama)) {
                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
                assertThat(reply.headers().firstValue("X-LLM-Backend")).hasValue("ollama");
            }
            backend.verify(0, anyRequestedFor(urlPathMatching("/anthropic/.*")));
            backend.verify(postRequestedFor(urlEqualTo("/api/chat")).withRequestBody(containing("jane.doe@example.com")));
            assertThat(log.allOnce("detected email", "detected iban", "detected customerId"))
                    .contains("private=true").doesNotContain("jane.doe").doesNotContain("DE89").doesNotContain("CUST-004711");
        }
    }

    @Test
    void should_let_a_prompt_without_such_data_go_to_the_third_party() throws Exception {
        HttpResponse<String> reply = postJson("/v1/chat/completions", CHAT.formatted("Say hello in French"));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("X-LLM-Backend")).hasValue("anthropic");
    }
}
