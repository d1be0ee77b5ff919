package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.llmgateway.routes.OtlpReceiver.ReceivedSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Tracing on (an OTLP endpoint configured): every request is a SERVER span with the GenAI
 * attributes, under the client's traceparent, with a CLIENT span per call to a backend (retries,
 * fallbacks), whose traceparent the backend gets; the spans reach a collector over OTLP/HTTP
 * (the test's own, decoding the protobuf messages) and hold no prompt or answer text.
 */
class GenAiTracingTest extends GatewayTestSupport {

    private static final OtlpReceiver collector = collector();

    private static final String PROMPT = "the saffron recipe of grandmother";
    private static final String ANSWER = "Secret answer";
    private static final String CHAT = """
            {"model":"%s","stream":%s,"messages":[{"role":"user","content":"%s"}]}""";
    private static final String OLLAMA_REPLY = """
            {"model":"llama3.2","message":{"role":"assistant","content":"Secret answer"},"done":true,
             "done_reason":"stop","prompt_eval_count":5,"eval_count":2}""";
    private static final String OLLAMA_STREAM = """
            {"model":"llama3.2","message":{"role":"assistant","content":"Secret"},"done":false}
            {"model":"llama3.2","message":{"role":"assistant","content":" answer"},"done":false}
            {"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"done_reason":"length","prompt_eval_count":26,"eval_count":7}
            """;
    private static final String OPENAI_REPLY = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"qwen3-8b","choices":[{"index":0,
             "message":{"role":"assistant","content":"Secret answer"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""";

    private static OtlpReceiver collector() {
        try {
            return new OtlpReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.setProperty("otel.exporter.otlp.endpoint", collector.endpoint());
        properties.setProperty("otel.service.name", "llm-gateway-under-test");
        properties.setProperty("otel.bsp.schedule.delay", "50");
        properties.setProperty("agents.fallbacks.ollama", "lmStudio");
        properties.setProperty("agents.backends.lmStudio.defaultModel", "qwen3-8b");
        properties.setProperty("agents.retry.backoff", "20ms");
        properties.setProperty("agents.privacy.detect", "email");
        properties.setProperty("agents.privateBackend", "ollama");
        return properties;
    }

    @AfterAll
    void stopCollector() {
        collector.close();
    }

    @Test
    void should_trace_a_chat_through_the_openai_door_under_the_clients_trace_and_pass_it_on() throws Exception {
        stubOllama();
        String traceId = traceId();

        HttpResponse<String> reply = postJson("/v1/chat/completions", CHAT.formatted("llama3.2", false, PROMPT),
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        List<ReceivedSpan> trace = collector.trace(traceId, 2);
        ReceivedSpan server = server(trace);
        ReceivedSpan call = calls(trace).get(0);
        assertThat(server.name()).isEqualTo("chat llama3.2");
        assertThat(server.parentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(server.serviceName()).isEqualTo("llm-gateway-under-test");
        assertThat(server.attributes())
                .containsEntry("gen_ai.operation.name", "chat")
                .containsEntry("gen_ai.provider.name", "ollama")
                .containsEntry("gen_ai.request.model", "llama3.2")
                .containsEntry("gen_ai.response.model", "llama3.2")
                .containsEntry("gen_ai.usage.input_tokens", 5L)
                .containsEntry("gen_ai.usage.output_tokens", 2L)
                .containsEntry("gen_ai.response.finish_reasons", List.of("stop"))
                .containsEntry("llm_gateway.ingress", "openai")
                .containsEntry("llm_gateway.backend", "ollama")
                .containsEntry("llm_gateway.private", false)
                .containsEntry("llm_gateway.route", "default backend")
                .containsEntry("llm_gateway.stream", false)
                .containsEntry("http.response.status_code", 200L)
                .containsEntry("llm_gateway.request.id", reply.headers().firstValue("X-Request-Id").orElseThrow())
                .doesNotContainKey("gen_ai.response.time_to_first_chunk");
        assertThat(call.name()).isEqualTo("chat llama3.2");
        assertThat(call.parentSpanId()).isEqualTo(server.spanId());
        assertThat(call.attributes())
                .containsEntry("gen_ai.provider.name", "ollama")
                .containsEntry("server.address", "localhost")
                .containsEntry("server.port", (long) backend.port())
                .containsEntry("llm_gateway.attempt", 1L)
                .containsEntry("http.response.status_code", 200L);
        // the backend sees the client's trace, with the gateway's call as parent
        backend.verify(postRequestedFor(urlEqualTo("/api/chat"))
                .withHeader("traceparent", equalTo("00-" + traceId + "-" + call.spanId() + "-01")));
        assertNoContent(trace);
    }

    @Test
    void should_trace_a_streamed_chat_through_the_openai_door_with_its_time_to_first_token() throws Exception {
        stubOllama();
        String traceId = traceId();

        List<Event> events = streamEvents("/v1/chat/completions", CHAT.formatted("ollama/llama3.2", true, PROMPT),
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

        assertThat(events).last().extracting(Event::data).isEqualTo("[DONE]");
        ReceivedSpan server = server(collector.trace(traceId, 2));
        assertThat(server.attributes())
                .containsEntry("gen_ai.operation.name", "chat")
                .containsEntry("gen_ai.usage.input_tokens", 26L)
                .containsEntry("gen_ai.usage.output_tokens", 7L)
                .containsEntry("gen_ai.response.finish_reasons", List.of("length"))
                .containsEntry("llm_gateway.route", "model prefix")
                .containsEntry("llm_gateway.stream", true);
        assertThat((Double) server.attribute("gen_ai.response.time_to_first_chunk")).isPositive().isLessThan(5.0);
        assertNoContent(collector.trace(traceId, 2));
    }

    @Test
    void should_trace_streamed_and_whole_chats_through_the_ollama_door() throws Exception {
        stubOllama();
        String streamed = traceId();
        String whole = traceId();

        HttpResponse<String> stream = postJson("/api/chat", CHAT.formatted("llama3.2", true, PROMPT),
                "traceparent", "00-" + streamed + "-00f067aa0ba902b7-01");
        HttpResponse<String> reply = postJson("/api/chat", CHAT.formatted("llama3.2", false, PROMPT),
                "traceparent", "00-" + whole + "-00f067aa0ba902b7-01");

        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(reply.statusCode()).isEqualTo(200);
        ReceivedSpan streamSpan = server(collector.trace(streamed, 2));
        ReceivedSpan wholeSpan = server(collector.trace(whole, 2));
        for (ReceivedSpan span : List.of(streamSpan, wholeSpan)) {
            assertThat(span.name()).isEqualTo("chat llama3.2");
            assertThat(span.attributes()).containsEntry("llm_gateway.ingress", "ollama")
                    .containsEntry("gen_ai.provider.name", "ollama").containsEntry("gen_ai.response.model", "llama3.2");
        }
        assertThat(streamSpan.attributes()).containsEntry("llm_gateway.stream", true).containsEntry("gen_ai.usage.output_tokens", 7L)
                .containsKey("gen_ai.response.time_to_first_chunk");
        assertThat(wholeSpan.attributes()).containsEntry("llm_gateway.stream", false).containsEntry("gen_ai.usage.output_tokens", 2L)
                .containsEntry("gen_ai.response.finish_reasons", List.of("stop"));
        backend.verify(postRequestedFor(urlEqualTo("/api/chat")).withHeader("traceparent", matching("00-" + streamed + "-[0-9a-f]{16}-01")));
        backend.verify(postRequestedFor(urlEqualTo("/api/chat")).withHeader("traceparent", matching("00-" + whole + "-[0-9a-f]{16}-01")));
        assertNoContent(collector.spans());
    }

    @Test
    void should_trace_the_anthropic_door_and_the_websocket_channel() throws Exception {
        stubOllama();
        backend.stubFor(post(urlEqualTo("/anthropic/v1/messages")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                         "content":[{"type":"text","text":"Secret answer"}],"stop_reason":"end_turn",
                         "usage":{"input_tokens":5,"output_tokens":2}}""")));
        String traceId = traceId();

        HttpResponse<String> reply = postJson("/v1/messages", """
                {"model":"anthropic/claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"%s"}]}"""
                .formatted(PROMPT), "anthropic-version", "2023-06-01", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
        String requestId;
        try (WsTestClient ws = new WsTestClient(wsPort)) {
            ws.send("""
                    {"type":"chat","id":"w1","backend":"ollama","model":"llama3.2","stream":false,
                     "messages":[{"role":"user","content":"%s"}]}""".formatted(PROMPT));
            requestId = ws.next().path("requestId").asText();
        }

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        List<ReceivedSpan> trace = collector.trace(traceId, 2);
        assertThat(server(trace).name()).isEqualTo("chat claude-sonnet-4-5");
        assertThat(server(trace).attributes()).containsEntry("llm_gateway.ingress", "anthropic")
                .containsEntry("gen_ai.provider.name", "anthropic")
                .containsEntry("gen_ai.response.model", "claude-sonnet-4-5")
                .containsEntry("gen_ai.usage.input_tokens", 5L).containsEntry("gen_ai.usage.output_tokens", 2L)
                .containsEntry("gen_ai.response.finish_reasons", List.of("stop"))
                .containsEntry("llm_gateway.backend.category", "third-party");
        assertThat(calls(trace).get(0).attributes()).containsEntry("gen_ai.provider.name", "anthropic");
        backend.verify(postRequestedFor(urlEqualTo("/anthropic/v1/messages"))
                .withHeader("traceparent", equalTo("00-" + traceId + "-" + calls(trace).get(0).spanId() + "-01")));
        ReceivedSpan webSocket = collector.spanWith("llm_gateway.request.id", requestId);
        assertThat(webSocket.kind()).isEqualTo("SERVER");
        assertThat(webSocket.name()).isEqualTo("chat llama3.2");
        assertThat(webSocket.attributes()).containsEntry("llm_gateway.ingress", "websocket")
                .containsEntry("gen_ai.operation.name", "chat").containsEntry("gen_ai.usage.output_tokens", 2L);
        assertThat(collector.trace(webSocket.traceId(), 2)).hasSize(2);
        assertNoContent(collector.spans());
    }

    @Test
    void should_show_each_retry_as_a_call_of_its_own() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"server busy\"}"))
                .willSetStateTo("recovered"));
        backend.stubFor(post(urlEqualTo("/api/chat")).inScenario("busy").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(OLLAMA_REPLY)));
        String traceId = traceId();

        HttpResponse<String> reply = postJson("/v1/chat/completions", CHAT.formatted("llama3.2", false, PROMPT),
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

        assertThat(reply.statusCode()).isEqualTo(200);
        List<ReceivedSpan> trace = collector.trace(traceId, 3);
        ReceivedSpan server = server(trace);
        List<ReceivedSpan> calls = calls(trace);
        assertThat(calls).extracting(ReceivedSpan::parentSpanId).containsOnly(server.spanId());
        assertThat(calls).extracting(call -> call.attribute("llm_gateway.attempt")).containsExactly(1L, 2L);
        assertThat(calls).extracting(call -> call.attribute("http.response.status_code")).containsExactly(503L, 200L);
        assertThat(calls).extracting(ReceivedSpan::status).containsExactly("ERROR", "UNSET");
        assertThat(calls.get(0).attributes()).containsEntry("error.type", "503");
        assertThat(calls.get(1).attributes()).containsEntry("http.request.resend_count", 1L);
        assertThat(server.attributes()).containsEntry("http.response.status_code", 200L).containsEntry("llm_gateway.backend", "ollama");
        assertThat(server.status()).isEqualTo("UNSET");
    }

    @Test
    void should_show_the_retries_and_the_fallback_that_answered() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        backend.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(OPENAI_REPLY)));
        String traceId = traceId();

        HttpResponse<String> reply = postJson("/v1/chat/completions", CHAT.formatted("llama3.2", false, PROMPT),
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        List<ReceivedSpan> trace = collector.trace(traceId, 5);
        ReceivedSpan server = server(trace);
        List<ReceivedSpan> calls = calls(trace);
        assertThat(calls).extracting(call -> call.attribute("llm_gateway.backend"))
                .containsExactly("ollama", "ollama", "ollama", "lmStudio");
        assertThat(calls).extracting(ReceivedSpan::status).containsExactly("ERROR", "ERROR", "ERROR", "UNSET");
        assertThat(calls.get(0).attributes()).doesNotContainKey("http.response.status_code")
                .hasEntrySatisfying("error.type", type -> assertThat(IOException.class).isAssignableFrom(load((String) type)));
        assertThat(calls.get(3).name()).isEqualTo("chat qwen3-8b");
        assertThat(calls.get(3).attributes()).containsEntry("gen_ai.provider.name", "openai")
                .containsEntry("gen_ai.request.model", "qwen3-8b").containsEntry("llm_gateway.attempt", 1L);
        assertThat(server.name()).isEqualTo("chat qwen3-8b");
        assertThat(server.attributes()).containsEntry("llm_gateway.backend", "lmStudio")
                .containsEntry("gen_ai.provider.name", "openai")
                .containsEntry("gen_ai.response.model", "qwen3-8b")
                .containsEntry("llm_gateway.route", "default backend; failover from ollama");
        backend.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("traceparent", equalTo("00-" + traceId + "-" + calls.get(3).spanId() + "-01")));
        assertNoContent(trace);
    }

    @Test
    void should_show_the_privacy_decision_by_detector_name_never_the_data() throws Exception {
        stubOllama();
        String traceId = traceId();

        HttpResponse<String> reply = postJson("/v1/chat/completions",
                CHAT.formatted("anthropic/claude-sonnet-4-5", false, "Mail jane.doe@example.com " + PROMPT),
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        List<ReceivedSpan> trace = collector.trace(traceId, 2);
        assertThat(server(trace).attributes()).containsEntry("llm_gateway.private", true)
                .containsEntry("llm_gateway.backend", "ollama")
                .hasEntrySatisfying("llm_gateway.route", route -> assertThat((String) route).contains("detected email"));
        assertThat(trace.toString()).doesNotContain("jane.doe").doesNotContain("example.com");
        assertNoContent(trace);
    }

    @Test
    void should_trace_embeddings_too() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/embed")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"model\":\"all-minilm\",\"embeddings\":[[0.5]],\"prompt_eval_count\":6}")));
        String traceId = traceId();

        HttpResponse<String> reply = postJson("/v1/embeddings", "{\"model\":\"ollama/all-minilm\",\"input\":\"" + PROMPT + "\"}",
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        List<ReceivedSpan> trace = collector.trace(traceId, 2);
        assertThat(server(trace).name()).isEqualTo("embeddings all-minilm");
        assertThat(server(trace).attributes()).containsEntry("gen_ai.operation.name", "embeddings")
                .containsEntry("gen_ai.usage.input_tokens", 6L).doesNotContainKey("gen_ai.usage.output_tokens");
        assertThat(calls(trace).get(0).attributes()).containsEntry("gen_ai.operation.name", "embeddings");
        assertNoContent(trace);
    }

    private void stubOllama() {
        backend.stubFor(post(urlEqualTo("/api/chat")).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson").withBody(OLLAMA_STREAM)));
        backend.stubFor(post(urlEqualTo("/api/chat")).withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(OLLAMA_REPLY)));
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("error.type is no class: " + className, e);
        }
    }

    private static String traceId() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static ReceivedSpan server(List<ReceivedSpan> trace) {
        List<ReceivedSpan> servers = trace.stream().filter(span -> span.kind().equals("SERVER")).toList();
        assertThat(servers).as("the SERVER spans of %s", trace).hasSize(1);
        return servers.get(0);
    }

    /** The CLIENT spans in the order their calls went out (each retry's attempt, then each fallback's). */
    private static List<ReceivedSpan> calls(List<ReceivedSpan> trace) {
        return trace.stream().filter(span -> span.kind().equals("CLIENT"))
                .sorted(Comparator.comparing((ReceivedSpan span) -> (String) span.attribute("llm_gateway.backend"),
                                Comparator.comparing((String backend) -> !backend.equals("ollama")))
                        .thenComparing(span -> (Long) span.attribute("llm_gateway.attempt")))
                .toList();
    }

    /** Neither the prompt nor the answer is in any span: names, attributes, anything. */
    private static void assertNoContent(List<ReceivedSpan> spans) {
        assertThat(spans).isNotEmpty();
        assertThat(spans.toString()).doesNotContain(PROMPT).doesNotContain("saffron")
                .doesNotContain(ANSWER).doesNotContain("Secret");
    }
}
