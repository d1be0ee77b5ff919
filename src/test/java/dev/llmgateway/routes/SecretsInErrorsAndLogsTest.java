package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Regressions of issue 16: a backend error that quoted the operator's key was relayed verbatim;
 * GATEWAY_AUTH_KEYS was printed at start; client-chosen values could forge log lines.
 */
class SecretsInErrorsAndLogsTest extends GatewayTestSupport {

    private static final String GATEWAY_KEY = "gw-live-key-0123456789";
    private static final String OPENAI_KEY = "sk-proj-openaiTestKey0123456789";
    private static final String OTHER_KEY = "sk-ant-api03-leakedFromSomewhereElse_0123";

    /** Attached before the gateway starts, so the start-up lines are in it too. */
    private static final LogCapture LOG = LogCapture.attach();

    private static final String OPENAI_401 = """
            {"error":{"message":"Incorrect API key provided: %s. You can find your API key at \
            https://platform.openai.com/account/api-keys. (also seen: %s)","type":"invalid_request_error",\
            "param":null,"code":"invalid_api_key"}}""".formatted(OPENAI_KEY, OTHER_KEY);

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("gateway.auth.keys", GATEWAY_KEY);
        properties.put("agents.backends.openai.baseUrl", backend.baseUrl() + "/openai/v1");
        properties.put("agents.backends.openai.apiKey", OPENAI_KEY);
        properties.put("agents.backends.openai.category", "third-party");
        return properties;
    }

    @AfterAll
    void detachLog() {
        LOG.close();
    }

    @Test
    void should_not_print_any_key_at_start() {
        assertThat(LOG.all()).as("the summary of settings is captured").contains("gateway.auth.keys = xxxxxx")
                .doesNotContain(GATEWAY_KEY).doesNotContain(OPENAI_KEY);
    }

    @Test
    void should_relay_a_backend_401_without_the_key_it_quotes() throws Exception {
        backend.stubFor(post(urlEqualTo("/openai/v1/chat/completions")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(OPENAI_401)));

        HttpResponse<String> openAi = postJson("/v1/chat/completions", chat(false), "Authorization", "Bearer " + GATEWAY_KEY);
        HttpResponse<String> anthropic = postJson("/v1/messages", """
                {"model":"openai/gpt-4o","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""",
                "x-api-key", GATEWAY_KEY, "anthropic-version", "2023-06-01");
        JsonNode frame;
        try (WsTestClient ws = new WsTestClient(wsPort, "?token=" + GATEWAY_KEY)) {
            ws.send("{\"type\":\"chat\",\"id\":\"k1\",\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            frame = ws.next("error");
        }

        assertThat(openAi.statusCode()).isEqualTo(401);
        assertThat(Json.parse(openAi.body()).at("/error/message").asText())
                .isEqualTo("backend 'openai' answered 401: Incorrect API key provided: ***. You can find your API key at "
                        + "https://platform.openai.com/account/api-keys. (also seen: ***)");
        assertThat(anthropic.statusCode()).isEqualTo(401);
        for (String seen : List.of(openAi.body(), anthropic.body(), frame.toString())) {
            assertThat(seen).contains("Incorrect API key provided").doesNotContain(OPENAI_KEY).doesNotContain(OTHER_KEY);
        }
        assertThat(LOG.all()).doesNotContain(OPENAI_KEY).doesNotContain(OTHER_KEY);
    }

    @Test
    void should_scrub_an_error_inside_a_stream_and_in_the_status() throws Exception {
        backend.stubFor(post(urlEqualTo("/openai/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream")
                .withBody("data: {\"error\":{\"message\":\"key " + OPENAI_KEY + " was revoked\",\"type\":\"server_error\"}}\n\n")));
        backend.stubFor(get(urlEqualTo("/openai/v1/models")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(OPENAI_401)));

        String streamed = postJson("/v1/chat/completions", chat(true), "Authorization", "Bearer " + GATEWAY_KEY).body();
        discoverModels();
        String status = http.send(HttpRequest.newBuilder(URI.create(gateway("/api/status")))
                .header("Authorization", "Bearer " + GATEWAY_KEY).build(), HttpResponse.BodyHandlers.ofString()).body();

        assertThat(streamed).contains("was revoked").doesNotContain(OPENAI_KEY);
        assertThat(status).contains("Incorrect API key provided: ***").doesNotContain(OPENAI_KEY).doesNotContain(OTHER_KEY);
        assertThat(LOG.all()).doesNotContain(OPENAI_KEY).doesNotContain(OTHER_KEY);
    }

    @Test
    void should_not_let_client_values_forge_log_lines() throws Exception {
        String forged = "x\nFORGED 12:00:00 INFO admin logged in\r\u2028FORGED";
        postJson("/v1/chat/completions", """
                {"model":%s,"messages":[{"role":"user","content":"Hi"}]}""".formatted(Json.write(Json.MAPPER.valueToTree("offline/" + forged))),
                "Authorization", "Bearer " + GATEWAY_KEY);
        http.send(HttpRequest.newBuilder(URI.create(gateway("/api/model-tests?wait=true")))
                .header("Authorization", "Bearer " + GATEWAY_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"models\":" + Json.write(Json.MAPPER.valueToTree(List.of("offline/" + forged))) + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        try (WsTestClient ws = new WsTestClient(wsPort, "?token=" + GATEWAY_KEY)) {
            ws.send("{\"type\":\"chat\",\"id\":" + Json.write(Json.MAPPER.valueToTree(forged))
                    + ",\"model\":\"offline/m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            ws.next("error");
        }

        assertThat(LOG.all()).as("the forged values were logged").contains("FORGED");
        assertThat(LOG.all()).doesNotContain("\nFORGED").doesNotContain("\rFORGED").doesNotContain("\u2028FORGED");
    }

    private static String chat(boolean stream) {
        return "{\"model\":\"openai/gpt-4o\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }
}
