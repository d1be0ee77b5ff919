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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The chat front doors hold no thread while a backend answers: with one worker thread in all,
 * six streams through two front doors run side by side, not one after the other.
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

    private CompletableFuture<HttpResponse<String>> chat(String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(gateway(path)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
