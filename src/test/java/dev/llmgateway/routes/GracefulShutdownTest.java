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
 * What a rolling update needs: on shutdown (SIGTERM runs the same context stop) the gateway stops
 * taking requests and reports not ready, and the 50 streams in flight finish within the grace
 * period, each whole.
 */
class GracefulShutdownTest extends GatewayTestSupport {

    private static final String NDJSON = """
            {"model":"llama3.2","message":{"role":"assistant","content":"One"},"done":false}
            {"model":"llama3.2","message":{"role":"assistant","content":" two"},"done":false}
            {"model":"llama3.2","message":{"role":"assistant","content":" three."},"done":false}
            {"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","eval_count":3}
            """;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("camel.main.shutdownTimeout", "20");
        return properties;
    }

    @Test
    void should_let_fifty_streams_finish_within_the_grace_period_while_refusing_new_requests() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson").withBody(NDJSON).withChunkedDribbleDelay(4, 4000)));
        List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            streams.add(http.sendAsync(chat(), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> backend.findAll(postRequestedFor(urlEqualTo("/api/chat"))).size() == 50);

        long stoppingAt = System.nanoTime();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(context::stop);
        await().atMost(Duration.ofSeconds(2)).until(context::isStopping);
        HttpResponse<String> refused = http.send(chat(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(gateway("/observe/health/ready"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("shutting down");
        assertThat(ready.statusCode()).as("readiness while shutting down: %s", ready.body()).isEqualTo(503);
        for (CompletableFuture<HttpResponse<String>> stream : streams) {
            HttpResponse<String> answer = stream.get();
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("three.").contains("\"done\":true");
        }
        stopping.get();
        assertThat(Duration.ofNanos(System.nanoTime() - stoppingAt)).isLessThan(Duration.ofSeconds(20));
    }

    private HttpRequest chat() {
        return HttpRequest.newBuilder(URI.create(gateway("/api/chat")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}"))
                .build();
    }
}
