package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The chat front doors hold no thread while a backend answers: with one worker thread in all,
 * six streams through two front doors run side by side, not one after the other; and while
 * WebSocket and HTTP streams are open, no thread waits anywhere in the gateway's code.
 */
class EventLoopFrontDoorsTest extends GatewayTestSupport {

    private static final String NDJSON = """
            {"model":"llama3.2","message":{"role":"assistant","content":"One"},"done":false}
            {"model":"llama3.2","message":{"role":"assistant","content":" two"},"done":false}
            {"model":"llama3.2","message":{"role":"assistant","content":" three."},"done":false}
            {"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":3,"eval_count":3}
            """;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("gateway.http.workerThreads", "1");
        properties.put("gateway.http.virtualThreads", "false");
        return properties;
    }

    @Test
    void should_run_streams_side_by_side_with_a_single_worker_thread() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson").withBody(NDJSON).withChunkedDribbleDelay(4, 2000)));
        List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            streams.add(chat("/api/chat", "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}"));
            streams.add(chat("/v1/chat/completions",
                    "{\"model\":\"llama3.2\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}"));
        }

        // every stream reached the backend while the first ones still stream
        await().atMost(Duration.ofMillis(1500)).until(() -> backend.findAll(postRequestedFor(urlEqualTo("/api/chat"))).size() == 6);
        for (CompletableFuture<HttpResponse<String>> stream : streams) {
            assertThat(stream.get().statusCode()).isEqualTo(200);
            assertThat(stream.get().body()).contains("three.");
        }
    }

    @Test
    void should_hold_no_thread_while_websocket_and_http_streams_are_open() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson").withBody(NDJSON).withChunkedDribbleDelay(4, 2000)));
        try (WsTestClient client = new WsTestClient(wsPort)) {
            for (int i = 0; i < 4; i++) {
                client.send("{\"type\":\"chat\",\"id\":\"r" + i + "\",\"backend\":\"ollama\",\"model\":\"llama3.2\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}");
            }
            CompletableFuture<HttpResponse<String>> http = chat("/api/chat",
                    "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}");
            await().atMost(Duration.ofMillis(1500)).until(() -> backend.findAll(postRequestedFor(urlEqualTo("/api/chat"))).size() == 5);

            assertThat(threadsWaitingInTheGateway()).isEmpty();

            Set<String> done = new HashSet<>();
            while (done.size() < 4) {
                JsonNode frame = client.next();
                assertThat(frame.path("type").asText()).as(frame.toString()).isIn("chunk", "done");
                if (frame.path("type").asText().equals("done")) {
                    assertThat(frame.at("/message/content").asText()).isEqualTo("One two three.");
                    done.add(frame.path("id").asText());
                }
            }
            assertThat(http.get().body()).contains("three.");
        }
    }

    /** Platform threads parked, sleeping or blocked with a frame of the gateway's main code on their stack. */
    private static List<String> threadsWaitingInTheGateway() {
        List<String> waiting = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            Thread.State state = thread.getKey().getState();
            Arrays.stream(thread.getValue())
                    .filter(frame -> frame.getClassName().startsWith("dev.llmgateway.")
                            && !frame.getClassName().startsWith("dev.llmgateway.routes."))    // this test's own classes
                    .findFirst()
                    .filter(inGatewayCode -> state != Thread.State.RUNNABLE && thread.getKey() != Thread.currentThread())
                    .ifPresent(inGatewayCode -> waiting.add(thread.getKey().getName() + " " + state + " in " + inGatewayCode));
        }
        return waiting;
    }

    private CompletableFuture<HttpResponse<String>> chat(String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(gateway(path)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
