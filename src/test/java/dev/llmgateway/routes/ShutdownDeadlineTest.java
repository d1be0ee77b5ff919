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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A stream longer than the shutdown grace period (camel.main.shutdownTimeout; camel-test makes it
 * 10 s) ends with its dialect's error frame, 503 shutting_down, before the grace ends, not with a
 * cut connection.
 */
class ShutdownDeadlineTest extends GatewayTestSupport {

    @Test
    void should_end_streams_that_outlast_the_grace_period_with_an_error_frame_in_their_dialect() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            lines.append("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"word \"},\"done\":false}\n");
        }
        lines.append("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\"}\n");
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson").withBody(lines.toString()).withChunkedDribbleDelay(31, 30_000)));
        CompletableFuture<HttpResponse<String>> openAi = http.sendAsync(request("/v1/chat/completions",
                "{\"model\":\"llama3.2\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Talk\"}]}"),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> ollama = http.sendAsync(request("/api/chat",
                "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Talk\"}]}"), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.findAll(postRequestedFor(urlEqualTo("/api/chat"))).size() == 2);
        Thread.sleep(1500);                                     // some words went out

        long stoppingAt = System.nanoTime();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(context::stop);

        HttpResponse<String> openAiAnswer = openAi.get();
        HttpResponse<String> ollamaAnswer = ollama.get();
        Duration ended = Duration.ofNanos(System.nanoTime() - stoppingAt);
        Duration grace = Duration.ofMillis(context.getShutdownStrategy().getTimeUnit().toMillis(context.getShutdownStrategy().getTimeout()));
        assertThat(ended).as("within the grace period (%s)", grace).isLessThan(grace).isGreaterThan(grace.minusSeconds(3));
        assertThat(openAiAnswer.body()).contains("word").contains("event: error\ndata: ").contains("\"code\":\"shutting_down\"")
                .doesNotContain("[DONE]");
        String last = ollamaAnswer.body().lines().reduce((a, b) -> b).orElse("");
        assertThat(ollamaAnswer.body()).contains("word");
        assertThat(last).isEqualTo("{\"error\":\"the gateway shut down before this answer was complete\"}");
        stopping.get();
    }

    private HttpRequest request(String path, String body) {
        return HttpRequest.newBuilder(URI.create(gateway(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
