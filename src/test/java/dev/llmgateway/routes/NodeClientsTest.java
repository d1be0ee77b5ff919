package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Node clients, unchanged, against the gateway and a fake Ollama: openai-node
 * (responses with a stream and a tool loop, embeddings, completions), the Vercel AI SDK's default
 * OpenAI provider (which speaks the Responses API) and ollama-js (generate, embed, ps, pull). Each
 * call is one run of src/test/node/clients.mjs, which prints what the client got as JSON. Needs
 * Node.js and npm (skipped without them, except under {@code CI=true}); the clients are installed
 * from npm on the first run (package-lock.json).
 */
class NodeClientsTest extends GatewayTestSupport {

    private static final File CLIENTS = new File("src/test/node");

    private static final String OLLAMA_STREAM = """
            {"model":"qwen3","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Rayleigh"},"done":false}
            {"model":"qwen3","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":" scattering."},"done":false}
            {"model":"qwen3","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":12,"eval_count":4}
            """;

    @BeforeAll
    static void installClients() throws Exception {
        boolean nodeHere = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(dir -> new File(dir, "node").canExecute() && new File(dir, "npm").canExecute());
        assumeTrue(nodeHere || "true".equals(System.getenv("CI")),
                "Node.js and npm are not installed (bash .ci/install-node.sh installs them)");
        if (!new File(CLIENTS, "node_modules/openai").isDirectory()) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
    }

    private void stubOllamaChat() {
        backend.stubFor(post(urlEqualTo("/api/chat")).withRequestBody(containing("\"stream\":true")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson").withBody(OLLAMA_STREAM)));
        backend.stubFor(post(urlEqualTo("/api/chat")).withRequestBody(containing("\"stream\":false")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"model":"qwen3","message":{"role":"assistant","content":"Rayleigh scattering."},"done":true,
                         "done_reason":"stop","prompt_eval_count":12,"eval_count":4}""")));
    }

    @Test
    void should_answer_openai_node_responses_whole_and_streamed() throws Exception {
        stubOllamaChat();

        JsonNode whole = client("responses");
        JsonNode streamed = client("responsesStream");

        assertThat(whole.path("text").asText()).isEqualTo("Rayleigh scattering.");
        assertThat(whole.path("status").asText()).isEqualTo("completed");
        assertThat(whole.at("/usage/total_tokens").asInt()).isEqualTo(16);
        assertThat(streamed.path("text").asText()).isEqualTo("Rayleigh scattering.");
        assertThat(Json.MAPPER.convertValue(streamed.path("types"), List.class)).startsWith("response.created", "response.in_progress")
                .contains("response.output_text.delta", "response.output_text.done").endsWith("response.completed");
    }

    @Test
    void should_run_an_openai_node_tool_loop_through_previous_response_id() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).atPriority(5).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"model":"qwen3","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather",
                         "arguments":{"city":"Paris"}}}]},"done":true,"done_reason":"stop","prompt_eval_count":20,"eval_count":8}""")));
        backend.stubFor(post(urlEqualTo("/api/chat")).atPriority(1).withRequestBody(containing("Sunny")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"model":"qwen3","message":{"role":"assistant","content":"Sunny in Paris."},"done":true,
                         "done_reason":"stop","prompt_eval_count":30,"eval_count":4}""")));

        JsonNode loop = client("responsesToolLoop");

        assertThat(loop.at("/call/name").asText()).isEqualTo("get_weather");
        assertThat(Json.parse(loop.at("/call/arguments").asText()).path("city").asText()).isEqualTo("Paris");
        assertThat(loop.path("text").asText()).isEqualTo("Sunny in Paris.");
        JsonNode second = Json.parse(backend.findAll(postRequestedFor(urlEqualTo("/api/chat"))).get(1).getBodyAsString());
        assertThat(second.at("/messages/1/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(second.at("/messages/2/role").asText()).isEqualTo("tool");
        assertThat(second.at("/messages/2/content").asText()).isEqualTo("Sunny, 21 °C");
    }

    @Test
    void should_answer_openai_node_embeddings_in_base64_and_completions() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/embed")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"model":"nomic-embed-text","embeddings":[[0.5,-0.25],[1.5,2.25]],"prompt_eval_count":4}""")));
        backend.stubFor(post(urlEqualTo("/api/generate")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"model":"codellama","response":"\\n    a, b = 0, 1","done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":7}""")));

        JsonNode embeddings = client("embeddings");
        JsonNode completion = client("completions");

        assertThat(embeddings.at("/vectors/0/0").doubleValue()).isEqualTo(0.5);
        assertThat(embeddings.at("/vectors/1/1").doubleValue()).isEqualTo(2.25);
        assertThat(embeddings.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
        assertThat(completion.path("text").asText()).isEqualTo("\n    a, b = 0, 1");
        assertThat(completion.path("finish").asText()).isEqualTo("stop");
        backend.verify(postRequestedFor(urlEqualTo("/api/generate")).withRequestBody(containing("\"suffix\":\"    return a\"")));
    }

    @Test
    void should_answer_the_vercel_ai_sdks_default_openai_provider() throws Exception {
        stubOllamaChat();

        JsonNode generated = client("vercelGenerate");
        JsonNode streamed = client("vercelStream");

        assertThat(generated.path("text").asText()).as("%s", generated).isEqualTo("Rayleigh scattering.");
        assertThat(generated.path("inputTokens").asInt()).isEqualTo(12);
        assertThat(streamed.path("text").asText()).as("%s", streamed).isEqualTo("Rayleigh scattering.");
        assertThat(streamed.path("parts").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void should_answer_ollama_js_generate_embed_ps_and_pull() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/generate")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson").withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","response":"The","done":false}
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","response":" sky","done":false}
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:54Z","response":"","done":true,"done_reason":"stop","eval_count":2}
                        """)));
        backend.stubFor(post(urlEqualTo("/api/embed")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"model":"all-minilm","embeddings":[[0.125],[0.25]],"prompt_eval_count":2}""")));
        backend.stubFor(get(urlEqualTo("/api/ps")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":3338801804,"digest":"a80c4f17acd5",
                          "details":{"format":"gguf","family":"llama"},"expires_at":"2026-12-03T12:00:00Z","size_vram":3338801804}]}""")));
        backend.stubFor(post(urlEqualTo("/api/pull")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson").withBody("""
                        {"status":"pulling manifest"}
                        {"status":"pulling dde5aa3fc5ff","digest":"sha256:dde5aa3fc5ff","total":2019377376,"completed":2019377376}
                        {"status":"success"}
                        """)));

        JsonNode generated = client("ollamaGenerate");
        JsonNode embedded = client("ollamaEmbed");
        JsonNode running = client("ollamaPs");
        JsonNode pulled = client("ollamaPull");

        assertThat(generated.path("parts").toString()).isEqualTo("[\"The\",\" sky\",\"\"]");
        assertThat(generated.path("doneReason").asText()).isEqualTo("stop");
        assertThat(embedded.at("/embeddings/1/0").doubleValue()).isEqualTo(0.25);
        assertThat(running.path("names").toString()).contains("ollama/llama3.2:latest");
        assertThat(pulled.path("statuses").toString())
                .isEqualTo("[\"pulling manifest\",\"pulling dde5aa3fc5ff 2019377376/2019377376\",\"success\"]");
        backend.verify(postRequestedFor(urlEqualTo("/api/pull")).withRequestBody(containing("\"llama3.2\"")));
    }

    /** One scenario of clients.mjs, its printed JSON; a client's error fails the test with its message. */
    private JsonNode client(String scenario) throws Exception {
        String out = run(List.of("node", "clients.mjs", scenario, gateway("")), 60);
        JsonNode json = Json.parse(out.lines().reduce((a, b) -> b).orElse("{}"));
        assertThat(json.has("error")).as("%s: %s", scenario, out).isFalse();
        return json;
    }

    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path output = Files.createTempFile("node-client", ".out");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).directory(CLIENTS).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
            } catch (IOException notInstalled) {
                throw new IllegalStateException("Node.js 20+ and npm are needed for these tests (apt-get install nodejs npm): "
                        + notInstalled.getMessage(), notInstalled);
            }
            boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            if (!ended || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + (ended ? " failed: " : " timed out: ") + printed);
            }
            return printed;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
