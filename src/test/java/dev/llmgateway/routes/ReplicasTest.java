package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmgateway.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One backend, three replicas (agents.backends.farm.baseUrl=r1,r2,r3): calls go where the fewest
 * are in flight, a replica that refuses connections is skipped without the client noticing, and the
 * answer names its replica in X-LLM-Replica.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasTest extends GatewayTestSupport {

    private static final List<WireMockServer> REPLICAS = List.of(replica(), replica(), replica());

    private static final String NDJSON = """
            {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Hel"},"done":false}
            {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"lo"},"done":false}
            {"model":"llama3.2","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","eval_count":2}
            """;

    private static WireMockServer replica() {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        return server;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("agents.backends.farm.baseUrl", REPLICAS.stream().map(WireMockServer::baseUrl).collect(Collectors.joining(", ")));
        properties.put("agents.backends.farm.type", "ollama");
        properties.put("agents.retry.maxAttempts", "1");
        return properties;
    }

    @BeforeEach
    void stubReplicas() {
        for (WireMockServer replica : REPLICAS) {
            if (replica.isRunning()) {
                replica.resetAll();
                replica.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                        .withHeader("Content-Type", "application/x-ndjson").withBody(NDJSON).withChunkedDribbleDelay(3, 600)));
            }
        }
    }

    @AfterAll
    static void stopReplicas() {
        REPLICAS.forEach(WireMockServer::stop);
    }

    @Test
    @Order(1)
    void should_spread_calls_by_the_fewest_in_flight_and_name_the_replica() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        List<HttpResponse<String>> answers = new ArrayList<>();
        try (LogCapture log = LogCapture.attach()) {
            for (int i = 0; i < 30; i++) {
                calls.add(http.sendAsync(chat(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                answers.add(call.get());
            }
            String replica = answers.get(0).headers().firstValue("X-LLM-Replica").orElseThrow();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                    .until(() -> log.all().contains("replica=" + replica + " replica_reason="));
        }
        JsonNode status = Json.parse(http.send(HttpRequest.newBuilder(URI.create(gateway("/api/status"))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(status.at("/backends/farm/replicas").size()).isEqualTo(3);

        Map<String, Long> byReplica = answers.stream().collect(Collectors.groupingBy(
                answer -> answer.headers().firstValue("X-LLM-Replica").orElse("none"), Collectors.counting()));
        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
        assertThat(byReplica.keySet()).containsExactlyInAnyOrderElementsOf(REPLICAS.stream().map(WireMockServer::baseUrl).toList());
        for (WireMockServer replica : REPLICAS) {
            int served = replica.countRequestsMatching(postRequestedFor(urlEqualTo("/api/chat")).build()).getCount();
            assertThat(served).as("calls at %s (fair share 10)", replica.baseUrl()).isBetween(1, 20);
            assertThat(byReplica.get(replica.baseUrl())).isEqualTo(served);
        }
    }

    @Test
    @Order(2)
    void should_keep_a_conversation_on_its_replica_and_a_model_where_it_is_loaded() throws Exception {
        try (LogCapture log = LogCapture.attach()) {
            HttpResponse<String> first = http.send(chat("qwen3", "[{\"role\":\"user\",\"content\":\"Hello A\"}]"),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> other = http.send(chat("mistral", "[{\"role\":\"user\",\"content\":\"Hello B\"}]"),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> followUp = http.send(chat("qwen3", "[{\"role\":\"user\",\"content\":\"Hello A\"},"
                    + "{\"role\":\"assistant\",\"content\":\"Hello\"},{\"role\":\"user\",\"content\":\"And then?\"}]"),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> sameModel = http.send(chat("qwen3", "[{\"role\":\"user\",\"content\":\"Something else\"}]"),
                    HttpResponse.BodyHandlers.ofString());

            String home = replicaOf(first);
            assertThat(replicaOf(followUp)).as("the conversation's replica").isEqualTo(home);
            assertThat(replicaOf(sameModel)).as("where qwen3 is loaded").isEqualTo(home);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                    .until(() -> log.all().contains("replica_reason=\"model loaded\""));
            assertThat(log.all()).contains("replica=" + home + " replica_reason=conversation")
                    .contains("replica=" + home + " replica_reason=\"model loaded\"")
                    .contains("replica=" + replicaOf(other) + " replica_reason=\"fewest in flight\"");
        }
    }

    @Test
    @Order(3)
    void should_skip_a_replica_that_refuses_connections_without_the_client_noticing() throws Exception {
        WireMockServer gone = REPLICAS.get(1);
        String goneUrl = gone.baseUrl();
        gone.stop();                        // for good: a restarted WireMock would listen on another port

        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            answers.add(http.send(chat(), HttpResponse.BodyHandlers.ofString()));
        }

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"done\":true");
            assertThat(answer.headers().firstValue("X-LLM-Replica")).isPresent().isNotEqualTo(java.util.Optional.of(goneUrl));
        });
        Function<WireMockServer, Integer> served = replica ->
                replica.countRequestsMatching(postRequestedFor(urlEqualTo("/api/chat")).build()).getCount();
        assertThat(served.apply(REPLICAS.get(0)) + served.apply(REPLICAS.get(2))).isEqualTo(9);
    }

    private HttpRequest chat() {
        return chat("llama3.2", "[{\"role\":\"user\",\"content\":\"Hi\"}]");
    }

    private HttpRequest chat(String model, String messages) {
        return HttpRequest.newBuilder(URI.create(gateway("/api/chat"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"farm/" + model + "\",\"messages\":" + messages + "}")).build();
    }

    private static String replicaOf(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.headers().firstValue("X-LLM-Replica").orElseThrow();
    }
}
