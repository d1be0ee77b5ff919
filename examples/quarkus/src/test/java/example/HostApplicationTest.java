package example;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.github.ollama4j.Ollama;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumerAware;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Boots the Quarkus application with its application.properties and uses the embedded gateway as
 * its users would: the host's own route, the OpenAI and Ollama front doors with their official
 * clients (streamed: tokens arrive as the backend sends them), the WebSocket channel, the model
 * tests, health and metrics. The front doors have their own port beside Quarkus' HTTP server,
 * which serves the application's metrics and health.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class HostApplicationTest {

    /** Ollama's /api/chat stream, one line each 400 ms. */
    static final String NDJSON = """
            {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Bon"},"done":false}
            {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"jour"},"done":false}
            {"model":"llama3.2","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":"!"},"done":false}
            {"model":"llama3.2","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":3}
            """;

    @Inject
    ProducerTemplate template;

    /** Quarkus' own HTTP server (quarkus.http.port; a free port in tests) */
    @TestHTTPResource("/")
    URI application;

    private final HttpClient http = HttpClient.newHttpClient();
    private final WireMockServer ollama = WireMockResource.ollama;
    /** the gateway's front doors (camel.server.port) and its WebSocket channel (gateway.ws.port) */
    private final int port = WireMockResource.port;
    private final int wsPort = WireMockResource.wsPort;

    @BeforeEach
    void streamingOllama() {
        ollama.resetAll();
        // four pieces a second apart: on a busy machine the first can come late and the rest bunch up
        // behind it, yet the tokens still arrive more than 500 ms apart only when they are streamed
        ollama.stubFor(post(urlEqualTo("/api/chat")).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson").withBody(NDJSON)
                        .withChunkedDribbleDelay(4, 3000)));
    }

    @Test
    void should_answer_the_host_s_own_route_through_the_dispatch() {
        ollama.stubFor(post(urlEqualTo("/api/chat")).withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Bonjour!"},
                         "done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":2}""")));

        String answer = template.requestBody("direct:ask", "Say hello in French", String.class);

        assertThat(answer).isEqualTo("Bonjour!");
        ollama.verify(postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("Say hello in French"))));
    }

    @Test
    void should_stream_to_the_openai_client_as_tokens_arrive() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl("http://localhost:" + port + "/v1").apiKey("unused").build();
        List<String> tokens = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("llama3.2").addUserMessage("Say hello in French").build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text -> {
                if (!text.isEmpty()) {
                    tokens.add(text);
                    arrivals.add(System.nanoTime());
                }
            })));
        }

        assertThat(String.join("", tokens)).isEqualTo("Bonjour!");
        assertThat(TimeUnit.NANOSECONDS.toMillis(arrivals.get(arrivals.size() - 1) - arrivals.get(0)))
                .as("the last token came well after the first: streamed, not buffered").isGreaterThan(500);
        PlatformHttpConsumerAware door = (PlatformHttpConsumerAware) template.getCamelContext()
                .getRoute("llm-openai-chat-completions").getConsumer();
        assertThat(door.getPlatformHttpConsumer().getClass().getSimpleName())
                .as("on the gateway's engine: the chat runs on the event loop, no thread held")
                .isEqualTo("EventLoopHttpConsumer");
    }

    @Test
    void should_stream_to_ollama4j() throws Exception {
        List<String> tokens = new ArrayList<>();

        new Ollama("http://localhost:" + port).chat(OllamaChatRequest.builder().withModel("llama3.2")
                        .withMessage(OllamaChatMessageRole.USER, "Say hello in French").withStreaming().build(),
                response -> tokens.add(response.getMessage().getResponse()));

        assertThat(String.join("", tokens)).isEqualTo("Bonjour!");
        assertThat(tokens).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void should_answer_over_the_websocket_channel() throws Exception {
        List<String> frames = new ArrayList<>();
        CompletableFuture<String> done = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:" + wsPort + "/ws"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        frames.add(data.toString());
                        if (data.toString().contains("\"type\":\"done\"")) {
                            done.complete(data.toString());
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);

        socket.sendText("""
                {"type":"chat","id":"r1","model":"llama3.2","messages":[{"role":"user","content":"Say hello in French"}]}""", true);

        assertThat(done.get(20, TimeUnit.SECONDS)).contains("\"content\":\"Bonjour!\"");
        assertThat(frames).anyMatch(frame -> frame.contains("\"type\":\"chunk\"") && frame.contains("\"content\":\"Bon\""));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
    }

    @Test
    void should_run_the_model_tests_with_the_sequence_the_jar_carries() throws Exception {
        ollama.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-05-04T17:37:44.706Z",
                          "size":2019393189,"digest":"a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
                          "details":{"format":"gguf","family":"llama","parameter_size":"3.2B","quantization_level":"Q4_K_M"}}]}""")));
        ollama.stubFor(post(urlEqualTo("/api/chat")).withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Hello Ada"},
                         "done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":2}""")));
        template.sendBody("direct:llm-discover", null);

        HttpResponse<String> report = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/model-tests?wait=true")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"models\":[\"ollama/llama3.2:latest\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        assertThat(report.body()).contains("Sequence: standard conversation").contains("| ollama | llama3.2:latest | pass | pass |");
    }

    @Test
    void should_serve_health_on_the_gateway_s_port_and_metrics_on_the_application_s() throws Exception {
        HttpResponse<String> live = fetch("/observe/health/live");
        HttpResponse<String> quarkusLive = request(application.resolve("/q/health/live"));
        HttpResponse<String> quarkusHealth = request(application.resolve("/q/health"));
        HttpResponse<String> metrics = request(application.resolve("/q/metrics"));

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("UP");
        assertThat(quarkusLive.statusCode()).as(quarkusLive.body()).isEqualTo(200);
        assertThat(quarkusHealth.body()).as("Camel's checks with the gateway's in Quarkus' health")
                .contains("\"camel-routes\"").contains("\"backends\"");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("camel_exchanges_total").contains("routeId=\"llm-chat\"");
        assertThat(request(application.resolve("/v1/models")).statusCode()).as("Quarkus' own HTTP server is the application's")
                .isEqualTo(404);
    }

    private HttpResponse<String> fetch(String path) throws Exception {
        return request(URI.create("http://localhost:" + port + path));
    }

    private HttpResponse<String> request(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
