package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
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

    private static final String TAGS = """
            {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-05-04T17:37:44.706Z","size":2019393189,
              "digest":"a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
              "details":{"format":"gguf","family":"llama","families":["llama"],"parameter_size":"3.2B","quantization_level":"Q4_K_M"}},
             {"name":"gemma3:latest","model":"gemma3:latest","modified_at":"2025-05-04T17:37:44.706Z","size":3338801804,
              "digest":"a2af6cc3eb7fa8be8504abaf9b04e88f17a119ec3f04a3addf55f92841195f5a",
              "details":{"format":"gguf","family":"gemma3","families":["gemma3"],"parameter_size":"4.3B","quantization_level":"Q4_K_M"}}]}
            """;

    /** Ollama's /api/ps when gemma3 is in memory. */
    private static final String GEMMA_LOADED = """
            {"models":[{"name":"gemma3:latest","model":"gemma3:latest","size":6591830464,
              "digest":"a2af6cc3eb7fa8be8504abaf9b04e88f17a119ec3f04a3addf55f92841195f5a",
              "details":{"parent_model":"","format":"gguf","family":"gemma3","families":["gemma3"],"parameter_size":"4.3B",
                "quantization_level":"Q4_K_M"},"expires_at":"2026-12-03T14:32:11.420196Z","size_vram":5333539264}]}
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
                replica.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(TAGS)));
                replica.stubFor(get(urlEqualTo("/api/ps")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"models\":[]}")));
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
        JsonNode replicas = status().at("/backends/farm/replicas");
        assertThat(replicas.size()).isEqualTo(3);
        assertThat(replicas.get(0).path("baseUrl").asText()).isEqualTo(REPLICAS.get(0).baseUrl());

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
    void should_send_a_model_to_the_replica_whose_own_list_says_it_is_loaded() throws Exception {
        WireMockServer holder = REPLICAS.get(2);
        holder.stubFor(get(urlEqualTo("/api/ps")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(GEMMA_LOADED)));
        discoverModels();

        JsonNode replicas = status().at("/backends/farm/replicas");
        assertThat(replicas.get(2).path("loaded").toString()).isEqualTo("[\"gemma3\"]");
        assertThat(replicas.get(2).path("reachable").asBoolean()).isTrue();
        REPLICAS.get(1).stubFor(get(urlEqualTo("/api/ps")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(GEMMA_LOADED)));
        JsonNode running = Json.parse(http.send(HttpRequest.newBuilder(URI.create(gateway("/api/ps"))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(running.path("models").findValuesAsText("name")).as("each replica asked, a model once")
                .containsOnlyOnce("farm/gemma3:latest");
        REPLICAS.get(1).stubFor(get(urlEqualTo("/api/ps")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"models\":[]}")));
        try (LogCapture log = LogCapture.attach()) {
            for (int i = 0; i < 3; i++) {
                assertThat(replicaOf(http.send(chat("gemma3", "[{\"role\":\"user\",\"content\":\"Hi " + i + "\"}]"),
                        HttpResponse.BodyHandlers.ofString()))).isEqualTo(holder.baseUrl());
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                    .until(() -> log.all().contains("replica=" + holder.baseUrl() + " replica_reason=\"model loaded\""));
        }
    }

    @Test
    @Order(4)
    void should_lose_no_call_that_had_not_begun_streaming_when_a_replica_dies_under_load() throws Exception {
        WireMockServer gone = REPLICAS.get(1);
        String goneUrl = gone.baseUrl();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(http.sendAsync(chat(), HttpResponse.BodyHandlers.ofString()));
            if (i == 10) {
                gone.stop();                // for good: a restarted WireMock would listen on another port
            }
            Thread.sleep(20);
        }
        int goneServed = gone.countRequestsMatching(postRequestedFor(urlEqualTo("/api/chat")).build()).getCount();
        List<String> lost = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> answer;
            try {
                answer = call.get();
            } catch (java.util.concurrent.ExecutionException brokenMidStream) {
                lost.add(brokenMidStream.getCause().toString());
                continue;
            }
            if (answer.statusCode() != 200 || !answer.body().contains("\"done\":true")) {
                lost.add(answer.statusCode() + " from " + answer.headers().firstValue("X-LLM-Replica").orElse("no replica")
                        + ": " + answer.body());
            }
        }
        assertThat(lost).as("only calls the dead replica had begun to answer may fail").hasSizeLessThanOrEqualTo(goneServed);

        List<HttpResponse<String>> after = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            after.add(http.send(chat(), HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(after).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"done\":true");
            assertThat(answer.headers().firstValue("X-LLM-Replica")).isPresent().isNotEqualTo(java.util.Optional.of(goneUrl));
        });

        discoverModels();
        JsonNode status = status();
        assertThat(status.at("/backends/farm/reachable").asBoolean()).as("two of three replicas answer").isTrue();
        assertThat(status.at("/backends/farm/replicas/1/reachable").asBoolean()).isFalse();
        assertThat(status.at("/backends/farm/replicas/1/error").asText()).startsWith("backend 'farm' is unreachable at " + goneUrl);
        assertThat(status.at("/backends/farm/replicas/1/failures").asLong()).isPositive();
        assertThat(status.at("/backends/farm/models").toString()).contains("llama3.2:latest");
    }

    private JsonNode status() throws Exception {
        return Json.parse(http.send(HttpRequest.newBuilder(URI.create(gateway("/api/status"))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
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
