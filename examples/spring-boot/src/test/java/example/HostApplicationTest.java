package example;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
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
import java.io.IOException;
import java.net.ServerSocket;
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
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boots the Spring Boot web application with its application.properties and uses the embedded
 * gateway as its users would: the host's own route, the OpenAI and Ollama front doors with their
 * official clients (streamed: tokens arrive as the backend sends them), the WebSocket channel and
 * the health probe, all beside the application's own Tomcat.
 */
@CamelSpringBootTest
@SpringBootTest(classes = HostApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camel.main.main-run-controller=false")
class HostApplicationTest {

    static final WireMockServer ollama = new WireMockServer(wireMockConfig().dynamicPort());
    static final int PORT = freePort();
    static final int WS_PORT = freePort();

    /** Ollama's /api/chat stream, a line each 400 ms. */
    static final String NDJSON = """
            {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Bon"},"done":false}
            {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"jour"},"done":false}
            {"model":"llama3.2","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":"!"},"done":false}
            {"model":"llama3.2","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":3}
            """;

    static {
        ollama.start();
    }

    @AfterAll
    static void stopOllama() {
        ollama.stop();
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("agents.backends.ollama.baseUrl", ollama::baseUrl);
        registry.add("camel.server.port", () -> PORT);
        registry.add("gateway.ws.port", () -> WS_PORT);
    }

    @Autowired
    ProducerTemplate template;

    @LocalServerPort
    int applicationPort;

    private final HttpClient http = HttpClient.newHttpClient();

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
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl("http://localhost:" + PORT + "/v1").apiKey("unused").build();
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
    }

    @Test
    void should_stream_to_ollama4j() throws Exception {
        List<String> tokens = new ArrayList<>();

        new Ollama("http://localhost:" + PORT).chat(OllamaChatRequest.builder().withModel("llama3.2")
                        .withMessage(OllamaChatMessageRole.USER, "Say hello in French").withStreaming().build(),
                response -> tokens.add(response.getMessage().getResponse()));

        assertThat(String.join("", tokens)).isEqualTo("Bonjour!");
        assertThat(tokens).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void should_answer_over_the_websocket_channel() throws Exception {
        List<String> frames = new ArrayList<>();
        CompletableFuture<String> done = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:" + WS_PORT + "/ws"),
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
    void should_serve_health_beside_the_application_s_own_server() throws Exception {
        HttpResponse<String> live = get(PORT, "/observe/health/live");
        HttpResponse<String> application = get(applicationPort, "/v1/models");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("UP");
        assertThat(application.statusCode()).as("the application's Tomcat is the application's").isEqualTo(404);
        assertThat(get(PORT, "/v1/models").body()).contains("\"object\":\"list\"");
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
