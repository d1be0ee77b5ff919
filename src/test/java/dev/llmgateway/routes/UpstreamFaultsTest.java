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
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Regressions of issue 17, found by fault probes with a fake upstream: a backend's Retry-After was
 * ignored (a 429 with Retry-After: 7 was retried three times within 0.8 s) and never reached the
 * client; headers that trickle in were never timed out, totalTimeout did not apply to whole
 * replies, a stream was cut at firstByteTimeout between two chunks, and a client that left before
 * the first byte did not stop the backend call. And a reply must not pile up in the gateway for a
 * client that reads slower than its backend writes.
 */
class UpstreamFaultsTest extends GatewayTestSupport {

    /** Sends its status line and headers one byte every 200 ms, for ever. */
    private static final RawUpstream trickling = rawUpstream(out -> {
        for (char c : "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: ".toCharArray()) {
            RawUpstream.write(out, String.valueOf(c));
            Thread.sleep(200);
        }
        while (true) {
            RawUpstream.write(out, "x");
            Thread.sleep(200);
        }
    });
    /** Answers at once, then streams a chunk every 2 s: longer than its first-byte limit, within its idle limit. */
    private static final RawUpstream pausing = rawUpstream(out -> {
        String chunk = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tick \"},\"finish_reason\":null}]}\n\n";
        RawUpstream.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" + chunk);
        Thread.sleep(2000);
        RawUpstream.write(out, chunk);
        Thread.sleep(2000);
        RawUpstream.write(out, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        out.close();
    });
    /** Bytes the flooding backend got onto the wire so far. */
    private static final java.util.concurrent.atomic.AtomicLong flooded = new java.util.concurrent.atomic.AtomicLong();
    /** Streams 16 KB chunks as fast as the gateway takes them, up to 1 GB. */
    private static final RawUpstream flooding = rawUpstream(out -> {
        RawUpstream.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n");
        byte[] chunk = ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"delta\":{\"content\":\"" + "x".repeat(16_000) + "\"},\"finish_reason\":null}]}\n\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        while (flooded.get() < 1L << 30) {
            out.write(chunk);                               // blocks while the gateway does not read
            flooded.addAndGet(chunk.length);
        }
    });
    /** Reads the request and says nothing. */
    private static final RawUpstream silent = rawUpstream(out -> Thread.sleep(60_000));

    private static RawUpstream rawUpstream(RawUpstream.Behaviour behaviour) {
        try {
            return new RawUpstream(behaviour);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final String OLLAMA_REPLY = "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"At last.\"},"
            + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,\"eval_count\":3}";
    private static final String CHAT = "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("agents.retry.backoff", "20ms");
        properties.put("agents.retry.maxRetryAfter", "5s");
        properties.put("agents.backends.ollama.totalTimeout", "1500ms");
        properties.put("agents.backends.trickle.baseUrl", trickling.baseUrl() + "/v1");
        properties.put("agents.backends.trickle.firstByteTimeout", "1s");
        properties.put("agents.backends.silent.baseUrl", silent.baseUrl() + "/v1");
        properties.put("agents.backends.pause.baseUrl", pausing.baseUrl() + "/v1");
        properties.put("agents.backends.pause.firstByteTimeout", "1s");
        properties.put("agents.backends.pause.idleTimeout", "5s");
        properties.put("agents.backends.flood.baseUrl", flooding.baseUrl() + "/v1");
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

        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return postJson("/v1/chat/completions", CHAT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1000);
        List<String> sleepers = Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> Arrays.stream(thread.getValue()).anyMatch(frame -> frame.getMethodName().equals("sleep")))
                .map(thread -> thread.getKey().getName()).filter(name -> !name.equals("main")).toList();
        HttpResponse<String> reply = waiting.get(10, TimeUnit.SECONDS);

        assertThat(sleepers).as("threads asleep while the retry waits").noneMatch(name -> name.contains("vert.x")
                || name.startsWith("llm-") || name.contains("Camel"));
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

    @Test
    void should_give_up_on_headers_that_trickle_in_at_the_first_byte_limit() throws Exception {
        long start = System.nanoTime();

        HttpResponse<String> reply = postJson("/v1/chat/completions", CHAT.replace("llama3.2", "trickle/m"));

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
        assertThat(reply.statusCode()).isEqualTo(504);
        assertThat(Json.parse(reply.body()).at("/error/message").asText())
                .isEqualTo("backend 'trickle' did not answer within 1 s (firstByteTimeout)");
        assertThat(trickling.closedByGateway.get(5, java.util.concurrent.TimeUnit.SECONDS) - start).isLessThan(3_000_000_000L);
    }

    @Test
    void should_apply_the_total_limit_to_a_whole_reply() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withFixedDelay(4000)
                .withHeader("Content-Type", "application/json").withBody(OLLAMA_REPLY)));
        long start = System.nanoTime();

        HttpResponse<String> reply = postJson("/v1/chat/completions", CHAT);

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3500);
        assertThat(reply.statusCode()).isEqualTo(504);
        assertThat(Json.parse(reply.body()).at("/error/message").asText())
                .isEqualTo("backend 'ollama' did not finish its reply within 1500 ms (totalTimeout)");
    }

    @Test
    void should_allow_pauses_up_to_the_idle_limit_even_when_the_first_byte_limit_is_shorter() throws Exception {
        HttpResponse<String> reply = postJson("/v1/chat/completions",
                "{\"model\":\"pause/m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains("tick").contains("[DONE]").doesNotContain("error");
    }

    @Test
    void should_stop_the_backend_call_when_the_client_leaves_before_the_first_byte() throws Exception {
        try (java.net.Socket client = new java.net.Socket("127.0.0.1", port)) {
            String body = CHAT.replace("llama3.2", "silent/m");
            RawUpstream.write(client.getOutputStream(), "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            Thread.sleep(500);                                   // the gateway waits on the backend now
        }
        long left = System.nanoTime();

        long closed = silent.closedByGateway.get(5, java.util.concurrent.TimeUnit.SECONDS);

        assertThat((closed - left) / 1_000_000).as("ms from the client leaving to the backend call's end").isLessThan(1000);
    }
    @Test
    void should_stop_reading_the_backend_while_the_client_does_not_read() throws Exception {
        try (java.net.Socket client = new java.net.Socket()) {
            client.setReceiveBufferSize(4096);
            client.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            String body = CHAT.replace("llama3.2", "flood/m").replace("}]}", "}],\"stream\":true}");
            RawUpstream.write(client.getOutputStream(), "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            Thread.sleep(2000);                                  // the client reads nothing: buffers fill up
            long stalled = flooded.get();
            Thread.sleep(2000);
            long later = flooded.get();

            // paused, not given up: a gateway that read on would have ended the call at its 16 MB reply limit
            assertThat(flooding.closedByGateway).as("the backend call, while the client reads nothing").isNotDone();
            assertThat(stalled).as("bytes the backend sent before its reader stalled").isPositive();
            assertThat(later - stalled).as("bytes the backend could send while the client read nothing").isLessThan(1L << 20);
        }
        long closed = flooding.closedByGateway.get(5, java.util.concurrent.TimeUnit.SECONDS);   // the client left: released
        assertThat(closed).isPositive();
    }
}
