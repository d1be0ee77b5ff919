package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A key's policy holds in every dialect: its rate limits (429 with Retry-After), its models and
 * backends (403), its sensitivity floor (never a third party), its token budget (429 once the
 * recorded usage passes it).
 */
class KeyPoliciesTest extends GatewayTestSupport {

    private static final String ADMIN = "k-admin-0123456789";
    private static final String OLLAMA_CHAT = "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static final String CLAUDE_CHAT = "{\"model\":\"anthropic/claude-sonnet-4-5\",\"max_tokens\":32,\"stream\":false,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("gateway.auth.adminKeys", ADMIN);
        properties.put("gateway.store.syncPeriod", "200ms");
        return properties;
    }

    @BeforeEach
    void stubBackends() {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"done\":true,"
                        + "\"done_reason\":\"stop\",\"prompt_eval_count\":4,\"eval_count\":2}")));
        // streamed: the usage comes in the last line
        backend.stubFor(post(urlEqualTo("/api/chat")).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson").withBody("""
                        {"model":"llama3.2","message":{"role":"assistant","content":"Hel"},"done":false}
                        {"model":"llama3.2","message":{"role":"assistant","content":"lo"},"done":false}
                        {"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":9,"eval_count":3}
                        """)));
        backend.stubFor(post(urlEqualTo("/anthropic/v1/messages")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                         "content":[{"type":"text","text":"Sent out."}],"stop_reason":"end_turn",
                         "usage":{"input_tokens":5,"output_tokens":2}}""")));
    }

    @Test
    void should_refuse_the_fourth_request_in_a_minute_in_every_dialect() throws Exception {
        awayFromTheMinutesEnd();
        String openAi = key("{\"name\":\"openai-app\",\"limits\":{\"requestsPerMinute\":3}}");
        String ollama = key("{\"name\":\"ollama-app\",\"limits\":{\"requestsPerMinute\":3}}");
        String anthropic = key("{\"name\":\"claude-app\",\"limits\":{\"requestsPerMinute\":3}}");
        String websocket = key("{\"name\":\"ws-app\",\"limits\":{\"requestsPerMinute\":3}}");

        for (int i = 0; i < 3; i++) {
            assertThat(postJson("/v1/chat/completions", OLLAMA_CHAT, "Authorization", "Bearer " + openAi).statusCode()).isEqualTo(200);
            assertThat(postJson("/api/chat", OLLAMA_CHAT, "Authorization", "Bearer " + ollama).statusCode()).isEqualTo(200);
            assertThat(postJson("/v1/messages", OLLAMA_CHAT.replace("\"stream\"", "\"max_tokens\":32,\"stream\""),
                    "x-api-key", anthropic, "anthropic-version", "2023-06-01").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> fourthOpenAi = postJson("/v1/chat/completions", OLLAMA_CHAT, "Authorization", "Bearer " + openAi);
        HttpResponse<String> fourthOllama = postJson("/api/chat", OLLAMA_CHAT, "Authorization", "Bearer " + ollama);
        HttpResponse<String> fourthAnthropic = postJson("/v1/messages", OLLAMA_CHAT.replace("\"stream\"", "\"max_tokens\":32,\"stream\""),
                "x-api-key", anthropic, "anthropic-version", "2023-06-01");

        assertThat(fourthOpenAi.statusCode()).isEqualTo(429);
        assertThat(Json.parse(fourthOpenAi.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(Json.parse(fourthOpenAi.body()).at("/error/message").asText())
                .isEqualTo("key 'openai-app' is limited to 3 requests per minute (limits.requestsPerMinute)");
        assertThat(fourthOpenAi.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow()).isBetween(1L, 60L);
        assertThat(fourthOllama.statusCode()).isEqualTo(429);
        assertThat(Json.parse(fourthOllama.body()).path("error").asText()).contains("3 requests per minute");
        assertThat(fourthOllama.headers().firstValue("Retry-After")).isPresent();
        assertThat(fourthAnthropic.statusCode()).isEqualTo(429);
        assertThat(Json.parse(fourthAnthropic.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(fourthAnthropic.headers().firstValue("Retry-After")).isPresent();

        try (WsTestClient client = new WsTestClient(wsPort, "", "Authorization", "Bearer " + websocket)) {
            for (int i = 1; i <= 4; i++) {
                client.send("{\"type\":\"chat\",\"id\":\"c" + i + "\",\"stream\":false,\"model\":\"llama3.2\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
                JsonNode last = client.untilDoneOrError();
                if (i < 4) {
                    assertThat(last.path("type").asText()).as(last.toString()).isEqualTo("done");
                } else {
                    assertThat(last.path("type").asText()).isEqualTo("error");
                    assertThat(last.at("/error/status").asInt()).isEqualTo(429);
                    assertThat(last.at("/error/retryAfter").asLong()).isBetween(1L, 60L);
                }
            }
        }
    }

    @Test
    void should_count_tokens_per_minute_from_the_replies() throws Exception {
        awayFromTheMinutesEnd();
        String key = key("{\"name\":\"tokens\",\"limits\":{\"tokensPerMinute\":5}}");

        assertThat(postJson("/api/chat", OLLAMA_CHAT, "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);   // 6 tokens
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                postJson("/api/chat", OLLAMA_CHAT, "Authorization", "Bearer " + key).statusCode() == 429);
        HttpResponse<String> refused = postJson("/v1/chat/completions", OLLAMA_CHAT, "Authorization", "Bearer " + key);
        assertThat(Json.parse(refused.body()).at("/error/message").asText()).contains("5 tokens per minute (limits.tokensPerMinute)");
    }

    @Test
    void should_keep_a_key_to_its_models_and_backends() throws Exception {
        String key = key("{\"name\":\"local-only\",\"models\":[\"ollama/*\"]}");

        HttpResponse<String> local = postJson("/v1/chat/completions", OLLAMA_CHAT, "Authorization", "Bearer " + key);
        HttpResponse<String> claude = postJson("/v1/chat/completions", CLAUDE_CHAT, "Authorization", "Bearer " + key);

        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(claude.statusCode()).isEqualTo(403);
        assertThat(Json.parse(claude.body()).at("/error/code").asText()).isEqualTo("model_not_allowed");
        assertThat(Json.parse(claude.body()).at("/error/message").asText())
                .isEqualTo("key 'local-only' may not use anthropic/claude-sonnet-4-5: it may use the models [ollama/*] on the backends [any]");
        backend.verify(0, anyRequestedFor(urlPathMatching("/anthropic/.*")));
    }

    @Test
    void should_never_send_a_private_keys_request_to_a_third_party() throws Exception {
        String key = key("{\"name\":\"hr\",\"sensitivity\":\"private\"}");

        HttpResponse<String> claude = postJson("/v1/chat/completions", CLAUDE_CHAT, "Authorization", "Bearer " + key);
        HttpResponse<String> header = postJson("/api/chat", OLLAMA_CHAT, "Authorization", "Bearer " + key, "X-LLM-Backend", "gemini");
        HttpResponse<String> local = postJson("/api/chat", OLLAMA_CHAT, "Authorization", "Bearer " + key);

        assertThat(claude.statusCode()).isEqualTo(403);
        assertThat(Json.parse(claude.body()).at("/error/code").asText()).isEqualTo("private_data_third_party");
        assertThat(header.statusCode()).isEqualTo(403);
        assertThat(local.statusCode()).isEqualTo(200);
        backend.verify(0, anyRequestedFor(urlPathMatching("/(anthropic|gemini)/.*")));
    }

    @Test
    void should_refuse_a_key_once_its_recorded_usage_passes_its_token_budget() throws Exception {
        String key = key("{\"name\":\"budget\",\"budget\":{\"tokensPerDay\":10}}");

        assertThat(postJson("/api/chat", OLLAMA_CHAT, "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);   // 6
        HttpResponse<String> streamed = postJson("/v1/chat/completions", OLLAMA_CHAT.replace("\"stream\":false", "\"stream\":true"),
                "Authorization", "Bearer " + key);
        assertThat(streamed.body()).contains("data: [DONE]");                                                         // 6 + 12
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                postJson("/api/chat", OLLAMA_CHAT, "Authorization", "Bearer " + key).statusCode() == 429);
        HttpResponse<String> refused = postJson("/v1/chat/completions", OLLAMA_CHAT, "Authorization", "Bearer " + key);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Json.parse(refused.body()).at("/error/code").asText()).isEqualTo("budget_exceeded");
        assertThat(Json.parse(refused.body()).at("/error/message").asText())
                .isEqualTo("key 'budget' has used its budget of 10 tokens per day (budget.tokensPerDay, UTC)");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 86_400L);
    }

    @Test
    void should_record_every_request_in_the_ledger_with_its_tokens_and_cost() throws Exception {
        String key = key("{\"name\":\"ledger\"}");

        assertThat(postJson("/api/chat", OLLAMA_CHAT, "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);    // 4 + 2
        HttpResponse<String> streamed = postJson("/v1/chat/completions", OLLAMA_CHAT.replace("\"stream\":false", "\"stream\":true"),
                "Authorization", "Bearer " + key);
        assertThat(streamed.body()).contains("data: [DONE]");                                                         // 9 + 3
        assertThat(postJson("/v1/messages", CLAUDE_CHAT, "x-api-key", key, "anthropic-version", "2023-06-01").statusCode())
                .isEqualTo(200);                                                                                       // 5 + 2

        JsonNode usage = Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Json.parse(admin("/admin/usage?groupBy=key,backend,model")),
                json -> json.path("rows").size() >= 2 && json.findValues("requests").stream().mapToInt(JsonNode::asInt).sum() >= 3);
        JsonNode ollama = row(usage, "ledger", "ollama");
        JsonNode anthropic = row(usage, "ledger", "anthropic");
        assertThat(ollama.path("model").asText()).isEqualTo("llama3.2");
        assertThat(ollama.path("requests").asInt()).isEqualTo(2);
        assertThat(ollama.path("tokensIn").asInt()).isEqualTo(13);
        assertThat(ollama.path("tokensOut").asInt()).isEqualTo(5);
        assertThat(ollama.path("cost").asDouble()).isZero();                       // local: no price
        assertThat(anthropic.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(anthropic.path("tokensIn").asInt()).isEqualTo(5);
        assertThat(anthropic.path("cost").asDouble()).isCloseTo((5 * 3.00 + 2 * 15.00) / 1_000_000, within(1e-12));
        assertThat(ollama.has("day")).isFalse();

        JsonNode byDay = Json.parse(admin("/admin/usage?groupBy=day"));
        assertThat(byDay.at("/rows/0/day").asText()).isEqualTo(java.time.LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(byDay.at("/rows/0").has("key")).isFalse();
        assertThat(Json.parse(admin("/admin/usage?groupBy=colour")).at("/error/message").asText()).contains("groupBy takes key");
        assertThat(admin("/observe/metrics")).containsPattern("llm_cost_usd_total\\{backend=\"anthropic\",ingress=\"anthropic\",key=\"ledger\","
                + "model=\"claude-sonnet-4-5\"} 4\\.5E-5");
    }

    private static JsonNode row(JsonNode usage, String key, String backendName) {
        for (JsonNode row : usage.path("rows")) {
            if (row.path("key").asText().equals(key) && row.path("backend").asText().equals(backendName)) {
                return row;
            }
        }
        throw new AssertionError("no row of " + key + " on " + backendName + " in " + usage);
    }

    private String admin(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway(path))).header("Authorization", "Bearer " + ADMIN).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }


    /** The minute's counters start again at :00; a test that needs four requests in one minute waits past :55. */
    private static void awayFromTheMinutesEnd() throws InterruptedException {
        int second = LocalTime.now(ZoneOffset.UTC).getSecond();
        if (second >= 55) {
            Thread.sleep((61 - second) * 1000L);
        }
    }

    private String key(String body) throws Exception {
        HttpResponse<String> made = http.send(HttpRequest.newBuilder(URI.create(gateway("/admin/keys")))
                .header("Authorization", "Bearer " + ADMIN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        return Json.parse(made.body()).path("key").asText();
    }
}
