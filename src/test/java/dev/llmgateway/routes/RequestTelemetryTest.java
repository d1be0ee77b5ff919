package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** X-Request-Id, the per-request metrics at /observe/metrics and the one log line per request. */
class RequestTelemetryTest extends GatewayTestSupport {

    private static final String NDJSON = """
            {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Secret"},"done":false}
            {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":" answer"},"done":false}
            {"model":"llama3.2","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":26,"eval_count":7}
            """;

    private static final String CHAT = """
            {"model":"%s","stream":%s,"messages":[{"role":"user","content":"my private question"}]}""";

    @Test
    void should_echo_the_callers_request_id_and_send_it_upstream() throws Exception {
        stubOllamaChat("llama3.2", 0);

        HttpResponse<String> reply = postJson("/v1/chat/completions", CHAT.formatted("llama3.2", false),
                "X-Request-Id", "trace-4bf92f3577b34da6");

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("X-Request-Id")).hasValue("trace-4bf92f3577b34da6");
        backend.verify(postRequestedFor(urlEqualTo("/api/chat"))
                .withHeader("X-Request-Id", equalTo("trace-4bf92f3577b34da6")));
    }

    @Test
    void should_generate_a_request_id_for_streams_errors_and_unsafe_ids() throws Exception {
        stubOllamaChat("llama3.2", 0);

        HttpResponse<String> stream = postJson("/v1/chat/completions", CHAT.formatted("llama3.2", true));
        HttpResponse<String> error = postJson("/v1/chat/completions", "{\"model\":");
        HttpResponse<String> forged = postJson("/api/chat", CHAT.formatted("llama3.2", false),
                "X-Request-Id", "a b\" injected=1");

        assertThat(stream.headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).matches("req_[A-Za-z0-9]{24}"));
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).startsWith("req_"));
        assertThat(forged.headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).startsWith("req_"));
        backend.verify(2, postRequestedFor(urlEqualTo("/api/chat")).withHeader("X-Request-Id", matching("req_.*")));
    }

    @Test
    void should_count_requests_latency_first_token_and_tokens_by_backend_model_ingress_and_outcome() throws Exception {
        stubOllamaChat("llama3.2", 1000);
        String ok = "{backend=\"ollama\",ingress=\"ollama\",model=\"llama3.2\",outcome=\"ok\",status=\"200\"}";
        String tags = "{backend=\"ollama\",ingress=\"ollama\",model=\"llama3.2\"";
        String tokens = "{backend=\"ollama\",ingress=\"ollama\",key=\"open\",model=\"llama3.2\"";
        double requestsBefore = metric("llm_requests_seconds_count" + ok);
        double ttftBefore = metric("llm_time_to_first_token_seconds_count" + tags + "}");
        double outBefore = metric("llm_tokens_total" + tokens + ",type=\"output\"}");

        HttpResponse<String> reply = postJson("/api/chat", CHAT.formatted("llama3.2", true));

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(metric("llm_requests_seconds_count" + ok)).isEqualTo(requestsBefore + 1);
        assertThat(metric("llm_time_to_first_token_seconds_count" + tags + "}")).isEqualTo(ttftBefore + 1);
        assertThat(metric("llm_tokens_total" + tokens + ",type=\"output\"}")).isEqualTo(outBefore + 7);
        assertThat(metric("llm_tokens_total" + tokens + ",type=\"input\"}")).isGreaterThanOrEqualTo(26);
        // the 1 s dribble: the whole request took longer than its first token
        assertThat(metric("llm_requests_seconds_sum" + ok) - 0).isGreaterThan(0.5);
        assertThat(scrape()).contains("llm_requests_seconds_bucket" + ok.replace("}", ",le=\"1.0\"}"));
    }

    @Test
    void should_tag_failures_by_outcome_and_keep_unknown_model_names_out_of_the_tags() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"model \\\"random-4711\\\" not found, try pulling it first\"}")));
        String failed = "{backend=\"ollama\",ingress=\"openai\",model=\"other\",outcome=\"client_error\",status=\"404\"}";
        double before = metric("llm_requests_seconds_count" + failed);

        HttpResponse<String> reply = postJson("/v1/chat/completions", CHAT.formatted("random-4711", false));

        assertThat(reply.statusCode()).isEqualTo(404);
        assertThat(metric("llm_requests_seconds_count" + failed)).isEqualTo(before + 1);
        assertThat(scrape()).doesNotContain("random-4711");
    }

    @Test
    void should_show_open_streams_while_they_run() throws Exception {
        stubOllamaChat("llama3.2", 3000);

        CompletableFuture<HttpResponse<String>> running = http.sendAsync(
                HttpRequest.newBuilder(URI.create(gateway("/api/chat")))
                        .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted("llama3.2", true))).build(),
                HttpResponse.BodyHandlers.ofString());

        await().atMost(Duration.ofSeconds(3)).until(() -> metric("llm_streams_open{backend=\"ollama\"}") == 1);
        assertThat(running.get().statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(3)).until(() -> metric("llm_streams_open{backend=\"ollama\"}") == 0);
    }

    @Test
    void should_log_one_line_per_request_without_content_or_keys() throws Exception {
        stubOllamaChat("qwen3:8b", 0);
        try (LogCapture log = LogCapture.attach()) {
            postJson("/v1/chat/completions", CHAT.formatted("ollama/qwen3:8b", false),
                    "X-Request-Id", "req-log-1", "Authorization", "Bearer client-secret");
            postJson("/v1/chat/completions", CHAT.formatted("x\\ninjected=1 y", false), "X-Request-Id", "req-log-2");

            await().atMost(Duration.ofSeconds(3)).until(() -> log.all().contains("id=req-log-2"));
            String first = line(log.all(), "id=req-log-1");
            assertThat(first).startsWith("id=req-log-1 ingress=openai backend=ollama category=local model=qwen3:8b "
                    + "private=false stream=false status=200 outcome=ok")
                    .containsPattern("latency_ms=\\d+ tokens_in=26 tokens_out=7 finish=stop route=\"model prefix\" "
                            + "path=/v1/chat/completions$");
            assertThat(line(log.all(), "id=req-log-2")).contains("model=\"x\\ninjected=1 y\"");
            assertThat(log.all()).doesNotContain("my private question").doesNotContain("Secret answer")
                    .doesNotContain("client-secret").doesNotContain("lm-secret-key");
        }
    }

    @Test
    void should_give_websocket_chats_a_request_id_in_the_done_frame_the_log_and_upstream() throws Exception {
        stubOllamaChat("llama3.2", 0);
        try (LogCapture log = LogCapture.attach(); WsTestClient ws = new WsTestClient(wsPort)) {
            ws.send("""
                    {"type":"chat","id":"w1","backend":"ollama","model":"llama3.2","stream":false,
                     "messages":[{"role":"user","content":"my private question"}]}""");

            com.fasterxml.jackson.databind.JsonNode done = ws.next();

            assertThat(done.path("type").asText()).isEqualTo("done");
            String requestId = done.path("requestId").asText();
            assertThat(requestId).matches("req_[A-Za-z0-9]{24}");
            backend.verify(postRequestedFor(urlEqualTo("/api/chat")).withHeader("X-Request-Id", equalTo(requestId)));
            await().atMost(Duration.ofSeconds(3)).until(() -> log.all().contains("id=" + requestId));
            assertThat(line(log.all(), "id=" + requestId)).contains("ingress=websocket backend=ollama category=local model=llama3.2");
        }
    }

    @Test
    void should_log_and_count_an_embeddings_request_with_its_tokens_and_path() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/embed")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"model\":\"all-minilm\",\"embeddings\":[[0.5]],\"prompt_eval_count\":6}")));
        try (LogCapture log = LogCapture.attach()) {
            postJson("/v1/embeddings", "{\"model\":\"ollama/all-minilm\",\"input\":\"secret text\"}", "X-Request-Id", "req-embed-1");

            await().atMost(Duration.ofSeconds(3)).until(() -> log.all().contains("id=req-embed-1"));
            assertThat(line(log.all(), "id=req-embed-1")).contains("ingress=openai backend=ollama category=local model=all-minilm")
                    .contains("status=200 outcome=ok").contains("tokens_in=6 tokens_out=0").endsWith("path=/v1/embeddings");
            assertThat(log.all()).doesNotContain("secret text");
        }
    }

    private void stubOllamaChat(String model, int dribbleMillis) {
        var response = aResponse().withHeader("Content-Type", "application/x-ndjson").withBody(NDJSON);
        backend.stubFor(post(urlEqualTo("/api/chat")).withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(dribbleMillis > 0 ? response.withChunkedDribbleDelay(3, dribbleMillis) : response));
    }

    /** The request line (the routing decision is logged with the same id too). */
    private static String line(String log, String marker) {
        return log.lines().filter(l -> l.contains(marker) && l.contains(" ingress=")).findFirst().orElseThrow(
                () -> new AssertionError("no log line with " + marker + " in:\n" + log));
    }

    private String scrape() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway("/observe/metrics"))).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of one series (name with its labels as Prometheus prints them), 0 when absent. */
    private double metric(String series) throws Exception {
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape());
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }
}
