package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenAI clients streaming from Ollama: NDJSON lines in, one SSE event per line out, as they arrive. */
class OpenAiStreamingFromOllamaTest extends GatewayTestSupport {

    private static final String NDJSON = """
            {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"The"},"done":false}
            {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":" sky"},"done":false}
            {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":" is"},"done":false}
            {"model":"llama3.2","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":" blue."},"done":false}
            {"model":"llama3.2","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":26,"eval_count":4}
            """;

    @Test
    void should_forward_each_chunk_while_the_upstream_is_still_sending() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson")
                .withBody(NDJSON)
                .withChunkedDribbleDelay(5, 2500)));

        List<Event> events = streamEvents("/v1/chat/completions", """
                {"model":"llama3.2","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Why is the sky blue?"}]}""");

        // the first token reached the client long before the upstream finished its 2.5 s dribble
        assertThat(events.get(0).atMillis()).isLessThan(events.get(events.size() - 1).atMillis() - 1000);
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        List<String> finishReasons = new ArrayList<>();
        JsonNode usage = null;
        for (Event event : events.subList(0, events.size() - 1)) {
            JsonNode chunk = Json.parse(event.data());
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            JsonNode choice = chunk.path("choices").path(0);
            text.append(choice.path("delta").path("content").asText(""));
            if (choice.hasNonNull("finish_reason")) {
                finishReasons.add(choice.get("finish_reason").asText());
            }
            if (chunk.hasNonNull("usage")) {
                usage = chunk.get("usage");
                assertThat(chunk.path("choices").size()).isZero();
            }
        }
        assertThat(text).hasToString("The sky is blue.");
        assertThat(finishReasons).containsExactly("stop");
        assertThat(usage).isNotNull();
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(26);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(4);
        assertThat(Json.parse(events.get(0).data()).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        backend.verify(postRequestedFor(urlEqualTo("/api/chat")).withRequestBody(matchingJsonPath("$.stream", com.github.tomakehurst.wiremock.client.WireMock.equalTo("true"))));
    }

    @Test
    void should_stop_reading_the_backend_when_the_client_disconnects() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson")
                .withBody(NDJSON.repeat(1).replace("\"done\":true", "\"done\":false").repeat(20) + NDJSON)
                .withChunkedDribbleDelay(100, 20_000)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway("/v1/chat/completions")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"llama3.2","stream":true,"messages":[{"role":"user","content":"Go on and on"}]}""")).build();

        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).startsWith("data: {");
        }

        // the gateway notices at its next write, aborts the upstream call and finishes the exchange
        // long before the 20 s upstream would have ended
        await().atMost(Duration.ofSeconds(8)).until(() -> context.getInflightRepository().size() == 0);
    }

    @Test
    void should_send_ollama_tool_calls_as_complete_openai_deltas() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson")
                .withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}},{"function":{"name":"get_time","arguments":{"zone":"JST"}}}]},"done":false}
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":40,"eval_count":20}
                        """)));

        List<Event> events = streamEvents("/v1/chat/completions", """
                {"model":"llama3.2","stream":true,"messages":[{"role":"user","content":"Weather and time in Tokyo?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}},
                          {"type":"function","function":{"name":"get_time","parameters":{"type":"object"}}}]}""");

        JsonNode calls = Json.parse(events.get(0).data()).at("/choices/0/delta/tool_calls");
        assertThat(calls.size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            assertThat(calls.get(i).path("index").asInt()).isEqualTo(i);
            assertThat(calls.get(i).path("id").asText()).startsWith("call_");
            assertThat(calls.get(i).path("type").asText()).isEqualTo("function");
        }
        assertThat(calls.get(0).at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(Json.parse(calls.get(0).at("/function/arguments").asText()).path("city").asText()).isEqualTo("Tokyo");
        assertThat(calls.get(1).at("/function/name").asText()).isEqualTo("get_time");
        JsonNode last = Json.parse(events.get(events.size() - 2).data());
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(last.has("usage")).as("usage only when stream_options.include_usage").isFalse();
        backend.verify(postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.tools[1].function.name", com.github.tomakehurst.wiremock.client.WireMock.equalTo("get_time"))));
    }

    @Test
    void should_end_the_stream_with_an_error_event_when_ollama_fails_midway() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson")
                .withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Once"},"done":false}
                        {"error":"an error was encountered while running the model: unexpected EOF"}
                        """)));

        List<Event> events = streamEvents("/v1/chat/completions", """
                {"model":"llama3.2","stream":true,"messages":[{"role":"user","content":"Tell a story"}]}""");

        // OpenAI marks a stream's error with the event name "error", and sends no [DONE] after it
        assertThat(events).hasSize(2);
        assertThat(Json.parse(events.get(0).data()).at("/choices/0/delta/content").asText()).isEqualTo("Once");
        JsonNode error = Json.parse(events.get(1).data()).path("error");
        assertThat(error.path("message").asText()).contains("unexpected EOF").contains("ollama");
        assertThat(error.path("type").asText()).isNotEmpty();
        assertThat(postJson("/v1/chat/completions", """
                {"model":"llama3.2","stream":true,"messages":[{"role":"user","content":"Tell a story"}]}""").body())
                .contains("\n\nevent: error\ndata: {\"error\":").doesNotContain("[DONE]");
    }

    @Test
    void should_report_a_stream_that_breaks_off_instead_of_passing_it_off_as_complete() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson")
                .withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Once"},"done":false}
                        """)));

        List<Event> events = streamEvents("/v1/chat/completions", """
                {"model":"llama3.2","stream":true,"messages":[{"role":"user","content":"Tell a story"}]}""");

        assertThat(events).hasSize(2);
        assertThat(Json.parse(events.get(1).data()).at("/error/message").asText()).contains("ended before the reply was complete");
    }
}
