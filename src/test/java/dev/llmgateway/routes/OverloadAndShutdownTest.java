package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * More chats than gateway.http.maxConcurrentChats (gateway.ws.maxConcurrentChats on the WebSocket
 * channel) get 503 at once; liveness answers while every worker streams; on shutdown running
 * streams finish.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverloadAndShutdownTest extends GatewayTestSupport {

    private static final String NDJSON = """
            {"model":"llama3.2","message":{"role":"assistant","content":"One"},"done":false}
            {"model":"llama3.2","message":{"role":"assistant","content":" two"},"done":false}
            {"model":"llama3.2","message":{"role":"assistant","content":" three."},"done":false}
            {"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":3,"eval_count":3}
            """;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("gateway.http.maxConcurrentChats", "3");
        properties.put("gateway.ws.maxConcurrentChats", "2");
        properties.put("gateway.http.workerThreads", "3");
        // platform workers on every JDK, so that the 3 above are the pool (and the setting "false" starts at all)
        properties.put("gateway.http.virtualThreads", "false");
        properties.put("camel.main.shutdownTimeout", "20");
        return properties;
    }

    @Test
    @Order(1)
    void should_answer_503_at_once_beyond_the_concurrency_limit() throws Exception {
        stubSlowStream(3000);
        List<CompletableFuture<HttpResponse<String>>> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            running.add(chatAsync());
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> backend.findAll(
                postRequestedFor(urlEqualTo("/api/chat"))).size() == 3);
        long start = System.nanoTime();

        HttpResponse<String> refused = chatAsync().get();
        String chat = "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        String trailingSlash = RawHttp.post(port, "localhost", "/v1/chat/completions/", "application/json", chat);
        String doubleSlash = RawHttp.post(port, "localhost", "//api/chat", "application/json", chat);

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(500);
        // regression (issue 16): other spellings of the chat paths were served beyond the limit
        assertThat(RawHttp.status(trailingSlash)).isEqualTo(503);
        assertThat(RawHttp.status(doubleSlash)).isEqualTo(503);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Json.parse(refused.body()).path("error").asText()).contains("gateway.http.maxConcurrentChats");
        for (CompletableFuture<HttpResponse<String>> stream : running) {
            assertThat(stream.get().statusCode()).isEqualTo(200);
            assertThat(stream.get().body()).contains("three.");
        }
        assertThat(chatAsync().get().statusCode()).isEqualTo(200);              // places are given back
    }

    @Test
    @Order(2)
    void should_answer_liveness_at_once_while_every_worker_streams() throws Exception {
        stubSlowStream(3000);
        List<CompletableFuture<HttpResponse<String>>> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            running.add(chatAsync());
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> backend.findAll(postRequestedFor(urlEqualTo("/api/chat"))).size() == 3);
        long start = System.nanoTime();

        HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(gateway("/observe/health/live"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);   // not after the 3 s streams
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(Json.parse(live.body()).path("status").asText()).isEqualTo("UP");
        assertThat(live.body()).doesNotContain("\"backends\"");
        for (CompletableFuture<HttpResponse<String>> stream : running) {
            assertThat(stream.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    @Order(3)
    void should_answer_an_overloaded_error_frame_beyond_the_websocket_limit() throws Exception {
        stubSlowStream(3000);
        try (WsTestClient client = new WsTestClient(wsPort)) {
            for (int i = 0; i < 2; i++) {
                client.send(wsChat("r" + i));
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> backend.findAll(postRequestedFor(urlEqualTo("/api/chat"))).size() == 2);
            long start = System.nanoTime();

            client.send(wsChat("r2"));
            JsonNode refused = client.next();

            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
            assertThat(refused.path("type").asText()).isEqualTo("error");
            assertThat(refused.path("id").asText()).isEqualTo("r2");
            assertThat(refused.at("/error/status").asInt()).isEqualTo(503);
            assertThat(refused.at("/error/code").asText()).isEqualTo("overloaded");
            assertThat(refused.at("/error/retryAfter").asInt()).isEqualTo(1);
            assertThat(refused.at("/error/message").asText()).contains("gateway.ws.maxConcurrentChats");
            int done = 0;
            while (done < 2) {
                done += client.next().path("type").asText().equals("done") ? 1 : 0;
            }
            client.send(wsChat("r3"));                                          // places are given back
            JsonNode frame = client.next();
            assertThat(frame.path("type").asText()).as(frame.toString()).isEqualTo("chunk");
        }
    }

    private static String wsChat(String id) {
        return "{\"type\":\"chat\",\"id\":\"" + id + "\",\"backend\":\"ollama\",\"model\":\"llama3.2\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}";
    }

    @Test
    @Order(4)
    void should_let_a_running_stream_finish_and_refuse_new_chats_while_shutting_down() throws Exception {
        stubSlowStream(6000);                   // long enough for the refusals below, sent while it runs
        CompletableFuture<HttpResponse<String>> running = chatAsync();
        await().atMost(Duration.ofSeconds(3)).until(() -> !backend.findAll(
                postRequestedFor(urlEqualTo("/api/chat"))).isEmpty());

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(context::stop);
        await().atMost(Duration.ofSeconds(2)).until(context::isStopping);
        CompletableFuture<HttpResponse<String>> chat = chatAsync();
        CompletableFuture<HttpResponse<String>> responsesCall = postAsync("/v1/responses", "{\"model\":\"llama3.2\",\"input\":\"Hi\"}");
        CompletableFuture<HttpResponse<String>> embeddingsCall = postAsync("/v1/embeddings", "{\"model\":\"all-minilm\",\"input\":\"Hi\"}");
        HttpResponse<String> refused = chat.get();
        HttpResponse<String> responses = responsesCall.get();
        HttpResponse<String> embeddings = embeddingsCall.get();

        assertThat(List.of(responses.statusCode(), embeddings.statusCode())).containsOnly(503);
        assertThat(Json.parse(responses.body()).at("/error/code").asText()).isEqualTo("shutting_down");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(Json.parse(refused.body()).path("error").asText()).contains("shutting down");
        assertThat(running.get().statusCode()).isEqualTo(200);
        assertThat(running.get().body()).contains("three.").contains("\"done\":true");
        stopping.get();
    }

    private void stubSlowStream(int millis) {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson").withBody(NDJSON).withChunkedDribbleDelay(4, millis)));
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(gateway(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> chatAsync() {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(gateway("/api/chat")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
