package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.websocket.WebSocketChatApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The WebSocket channel, driven by the JDK's WebSocket client against WireMock backends. */
class WebSocketChannelTest extends GatewayTestSupport {

    private static String ndjson(String model, String... tokens) {
        StringBuilder body = new StringBuilder();
        for (String token : tokens) {
            body.append("{\"model\":\"").append(model).append("\",\"created_at\":\"2025-07-07T20:32:53Z\",")
                    .append("\"message\":{\"role\":\"assistant\",\"content\":\"").append(token).append("\"},\"done\":false}\n");
        }
        return body.append("{\"model\":\"").append(model).append("\",\"created_at\":\"2025-07-07T20:32:54Z\",")
                .append("\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",")
                .append("\"prompt_eval_count\":7,\"eval_count\":").append(tokens.length).append("}\n").toString();
    }

    private static void stubOllamaStream(String model, String body, int dribbleMillis) {
        backend.stubFor(post(urlEqualTo("/api/chat")).withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson").withBody(body)
                        .withChunkedDribbleDelay(Math.max(1, body.length() / 40), dribbleMillis)));
    }

    private static void stubModelLists() {
        backend.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"modified_at\":\"2025-05-04T17:37:44Z\"}]}")));
        backend.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"object\":\"list\",\"data\":[{\"id\":\"qwen3-8b\",\"object\":\"model\",\"owned_by\":\"me\"}]}")));
    }

    @Test
    void should_send_status_on_connect_and_when_a_backend_goes_down() throws Exception {
        stubModelLists();
        discoverModels();

        try (WsTestClient client = new WsTestClient(wsPort)) {
            JsonNode status = client.next("status");
            assertThat(status.path("defaultBackend").asText()).isEqualTo("ollama");
            assertThat(status.path("defaultModel").asText()).isEqualTo("llama3.2");
            assertThat(status.path("ollamaModels").toString()).isEqualTo("[\"llama3.2:latest\"]");
            assertThat(status.path("lmStudioModels").toString()).isEqualTo("[\"qwen3-8b\"]");
            assertThat(status.at("/backends/ollama/reachable").asBoolean()).isTrue();
            assertThat(status.at("/backends/ollama/type").asText()).isEqualTo("ollama");
            assertThat(status.at("/backends/ollama/checkedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(status.at("/backends/offline/reachable").asBoolean()).isFalse();
            assertThat(status.at("/backends/offline/error").asText()).contains("unreachable");

            backend.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse().withStatus(500)
                    .withBody("{\"error\":\"out of memory\"}")));
            discoverModels();

            JsonNode changed = client.next("status");
            assertThat(changed.at("/backends/ollama/reachable").asBoolean()).isFalse();
            assertThat(changed.at("/backends/ollama/error").asText()).contains("out of memory");
            assertThat(changed.path("ollamaModels").size()).isZero();
            assertThat(changed.path("lmStudioModels").size()).isEqualTo(1);

            client.send("{\"type\":\"status\"}");
            assertThat(client.next("status").at("/backends/ollama/reachable").asBoolean()).isFalse();
        }
    }

    @Test
    void should_stream_chunks_in_order_and_end_with_their_aggregate() throws Exception {
        stubOllamaStream("llama3.2", ndjson("llama3.2", "The", " sky", " is", " blue", "."), 1000);

        try (WsTestClient client = new WsTestClient(wsPort)) {
            client.next("status");
            client.send("""
                    {"type":"chat","id":"r1","backend":"ollama","model":"llama3.2",
                     "messages":[{"role":"user","content":"Why is the sky blue?"}],"options":{"temperature":0.1}}""");

            StringBuilder streamed = new StringBuilder();
            JsonNode frame = client.next();
            while (frame.path("type").asText().equals("chunk")) {
                assertThat(frame.path("id").asText()).isEqualTo("r1");
                streamed.append(frame.path("content").asText());
                frame = client.next();
            }
            assertThat(frame.path("type").asText()).isEqualTo("done");
            assertThat(streamed).hasToString("The sky is blue.");
            assertThat(frame.at("/message/role").asText()).isEqualTo("assistant");
            assertThat(frame.at("/message/content").asText()).isEqualTo("The sky is blue.");
            assertThat(frame.path("finishReason").asText()).isEqualTo("stop");
            assertThat(frame.at("/usage/promptTokens").asInt()).isEqualTo(7);
            assertThat(frame.at("/usage/completionTokens").asInt()).isEqualTo(5);
            assertThat(frame.path("backend").asText()).isEqualTo("ollama");
            assertThat(frame.path("model").asText()).isEqualTo("llama3.2");
        }
        backend.verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.options.temperature", equalTo("0.1"))));
    }

    @Test
    void should_multiplex_two_concurrent_requests_on_one_socket() throws Exception {
        stubOllamaStream("slow", ndjson("slow", "a1", "a2", "a3", "a4"), 1500);
        stubOllamaStream("fast", ndjson("fast", "b1", "b2"), 300);

        try (WsTestClient client = new WsTestClient(wsPort)) {
            client.next("status");
            client.send("{\"type\":\"chat\",\"id\":\"A\",\"model\":\"slow\",\"messages\":[{\"role\":\"user\",\"content\":\"1\"}]}");
            client.send("{\"type\":\"chat\",\"id\":\"B\",\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"2\"}]}");

            Map<String, StringBuilder> streamed = new HashMap<>(Map.of("A", new StringBuilder(), "B", new StringBuilder()));
            Map<String, JsonNode> done = new HashMap<>();
            List<String> order = new ArrayList<>();
            while (done.size() < 2) {
                JsonNode frame = client.next();
                String id = frame.path("id").asText();
                order.add(id + ":" + frame.path("type").asText());
                if (frame.path("type").asText().equals("chunk")) {
                    streamed.get(id).append(frame.path("content").asText());
                } else {
                    done.put(id, frame);
                }
            }
            assertThat(streamed.get("A")).hasToString("a1a2a3a4");
            assertThat(streamed.get("B")).hasToString("b1b2");
            assertThat(done.get("A").at("/message/content").asText()).isEqualTo("a1a2a3a4");
            assertThat(done.get("B").at("/message/content").asText()).isEqualTo("b1b2");
            // the fast request finished while the slow one was still streaming
            assertThat(order.indexOf("B:done")).isLessThan(order.indexOf("A:done"));
        }
    }

    @Test
    void should_cancel_a_running_request_and_release_its_upstream() throws Exception {
        stubOllamaStream("long", ndjson("long", "x".repeat(10).split("")), 20_000);

        try (WsTestClient client = new WsTestClient(wsPort)) {
            client.next("status");
            client.send("{\"type\":\"chat\",\"id\":\"c1\",\"model\":\"long\",\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}");
            assertThat(client.next("chunk").path("id").asText()).isEqualTo("c1");

            client.send("{\"type\":\"cancel\",\"id\":\"c1\"}");

            JsonNode frame = client.next();
            while (frame.path("type").asText().equals("chunk")) {
                frame = client.next();
            }
            assertThat(frame.path("type").asText()).isEqualTo("done");
            assertThat(frame.path("finishReason").asText()).isEqualTo("cancelled");
            assertThat(frame.path("id").asText()).isEqualTo("c1");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> context.getInflightRepository().size() == 0);
    }

    @Test
    void should_release_the_upstream_when_the_client_disconnects_mid_stream() throws Exception {
        stubOllamaStream("long", ndjson("long", "y".repeat(10).split("")), 20_000);
        WebSocketChatApi api = context.getRegistry().lookupByNameAndType("wsChatApi", WebSocketChatApi.class);

        WsTestClient client = new WsTestClient(wsPort);
        client.next("status");
        client.send("{\"type\":\"chat\",\"id\":\"d1\",\"model\":\"long\",\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}");
        client.next("chunk");
        assertThat(api.running()).isEqualTo(1);

        client.abort();

        await().atMost(Duration.ofSeconds(5)).until(() -> api.running() == 0 && context.getInflightRepository().size() == 0);
    }

    @Test
    void should_answer_bad_frames_with_error_frames_and_keep_the_connection() throws Exception {
        try (WsTestClient client = new WsTestClient(wsPort)) {
            client.next("status");

            client.send("this is not json");
            JsonNode notJson = client.next("error");
            assertThat(notJson.at("/error/code").asText()).isEqualTo("invalid_request_error");
            assertThat(notJson.at("/error/message").asText()).contains("not valid JSON");

            client.send("{\"type\":\"dance\",\"id\":\"q1\"}");
            JsonNode unknown = client.next("error");
            assertThat(unknown.path("id").asText()).isEqualTo("q1");
            assertThat(unknown.at("/error/message").asText()).contains("dance");

            client.send("{\"type\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            assertThat(client.next("error").at("/error/message").asText()).contains("'id'");

            client.send("{\"type\":\"chat\",\"id\":\"q2\"}");
            JsonNode noMessages = client.next("error");
            assertThat(noMessages.path("id").asText()).isEqualTo("q2");
            assertThat(noMessages.at("/error/message").asText()).contains("messages");

            client.send("{\"type\":\"chat\",\"id\":\"q3\",\"backend\":\"nowhere\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            JsonNode unknownBackend = client.next("error");
            assertThat(unknownBackend.path("id").asText()).isEqualTo("q3");
            assertThat(unknownBackend.at("/error/code").asText()).isEqualTo("unknown_backend");
            assertThat(unknownBackend.at("/error/status").asInt()).isEqualTo(400);

            client.send("{\"type\":\"cancel\",\"id\":\"never-started\"}");
            assertThat(client.next("error").at("/error/code").asText()).isEqualTo("not_found");

            client.send("{\"type\":\"status\"}");
            client.next("status");
        }
    }
}
