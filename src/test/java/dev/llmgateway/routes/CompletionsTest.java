package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import dev.llmgateway.json.Json;
import io.github.ollama4j.Ollama;
import io.github.ollama4j.models.generate.OllamaGenerateRequest;
import io.github.ollama4j.models.generate.OllamaGenerateStreamObserver;
import io.github.ollama4j.models.request.ThinkMode;
import io.github.ollama4j.models.response.OllamaResult;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/completions and POST /api/generate, driven with openai-java and ollama4j: native to
 * backends that complete text, as a chat to the others, fill-in-the-middle, Ollama's load request.
 */
class CompletionsTest extends GatewayTestSupport {

    private OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().baseUrl(gateway("/v1")).apiKey("unused-by-the-gateway").maxRetries(0).build();
    }

    @Test
    void should_fill_in_the_middle_with_openai_java_at_an_openai_compatible_server() {
        backend.stubFor(post(urlEqualTo("/v1/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id":"cmpl-up","object":"text_completion","created":1741570283,"model":"qwen2.5-coder-7b",
                         "choices":[{"text":"\\n    a, b = 0, 1\\n    for _ in range(n):\\n        a, b = b, a + b","index":0,
                                     "logprobs":null,"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":11,"completion_tokens":24,"total_tokens":35}}""")));

        Completion completion = openAi().completions().create(CompletionCreateParams.builder()
                .model("lmStudio/qwen2.5-coder-7b").prompt("def fib(n):").suffix("\n    return a")
                .maxTokens(64).temperature(0.0).build());

        CompletionChoice choice = completion.choices().get(0);
        assertThat(choice.text()).startsWith("\n    a, b = 0, 1");
        assertThat(choice.finishReason()).isEqualTo(CompletionChoice.FinishReason.STOP);
        assertThat(completion.usage()).hasValueSatisfying(usage -> assertThat(usage.totalTokens()).isEqualTo(35));
        assertThat(completion.model()).isEqualTo("qwen2.5-coder-7b");
        backend.verify(postRequestedFor(urlEqualTo("/v1/completions")).withRequestBody(equalToJson("""
                {"model":"qwen2.5-coder-7b","prompt":"def fib(n):","suffix":"\\n    return a","max_tokens":64,
                 "temperature":0.0,"stream":false}""")));
    }

    @Test
    void should_stream_an_openai_completion_from_ollamas_generate() {
        backend.stubFor(post(urlEqualTo("/api/generate")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson")
                .withBody("""
                        {"model":"codellama","created_at":"2025-07-07T20:32:53.8Z","response":"Once","done":false}
                        {"model":"codellama","created_at":"2025-07-07T20:32:53.9Z","response":" upon","done":false}
                        {"model":"codellama","created_at":"2025-07-07T20:32:54.0Z","response":"","done":true,"done_reason":"length","context":[1,2],"prompt_eval_count":3,"eval_count":2}
                        """)));

        List<Completion> chunks = new ArrayList<>();
        try (StreamResponse<Completion> stream = openAi().completions().createStreaming(CompletionCreateParams.builder()
                .model("ollama/codellama").prompt("Tell a story").maxTokens(2).build())) {
            stream.stream().forEach(chunks::add);
        }

        assertThat(chunks.stream().flatMap(c -> c.choices().stream()).map(CompletionChoice::text).collect(Collectors.joining()))
                .isEqualTo("Once upon");
        assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason()).isEqualTo(CompletionChoice.FinishReason.LENGTH);
        backend.verify(postRequestedFor(urlEqualTo("/api/generate")).withRequestBody(equalToJson("""
                {"model":"codellama","prompt":"Tell a story","options":{"num_predict":2},"stream":true}""")));
    }

    @Test
    void should_stream_ollama4j_generate_from_anthropic_as_a_chat() throws Exception {
        backend.stubFor(post(urlEqualTo("/anthropic/v1/messages")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                         "content":[{"type":"text","text":"Rayleigh scattering."}],"stop_reason":"end_turn","stop_sequence":null,
                         "usage":{"input_tokens":14,"output_tokens":4}}""")));
        List<String> tokens = new ArrayList<>();

        OllamaResult result = new Ollama(gateway("")).generate(OllamaGenerateRequest.builder()
                .withModel("anthropic/claude-sonnet-4-5").withPrompt("Why is the sky blue?").withSystem("Be brief.")
                .withThink(ThinkMode.DISABLED).withStreaming(false).build(), new OllamaGenerateStreamObserver(null, tokens::add));

        assertThat(result.getResponse()).isEqualTo("Rayleigh scattering.");
        assertThat(result.getDoneReason()).isEqualTo("stop");
        assertThat(result.getPromptEvalCount()).isEqualTo(14);
        JsonNode sent = Json.parse(backend.findAll(postRequestedFor(urlEqualTo("/anthropic/v1/messages"))).get(0).getBodyAsString());
        assertThat(sent.path("system").toString()).contains("Be brief.");
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(sent.at("/messages/0/content").toString()).contains("Why is the sky blue?");
    }

    @Test
    void should_load_a_model_with_an_empty_prompt_natively_on_ollama_and_at_once_elsewhere() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/generate")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53.8Z","response":"","done":true,"done_reason":"load"}""")));

        HttpResponse<String> ollama = postJson("/api/generate", "{\"model\":\"llama3.2\"}");
        HttpResponse<String> gemini = postJson("/api/generate", "{\"model\":\"gemini/gemini-2.5-flash\"}");
        HttpResponse<String> unload = postJson("/api/generate", "{\"model\":\"anthropic/claude-sonnet-4-5\",\"keep_alive\":0}");

        assertThat(Json.parse(ollama.body().lines().reduce((a, b) -> b).orElseThrow()).path("done_reason").asText()).isEqualTo("load");
        backend.verify(postRequestedFor(urlEqualTo("/api/generate")).withRequestBody(equalToJson("""
                {"model":"llama3.2","prompt":"","stream":true}""")));
        JsonNode loaded = Json.parse(gemini.body().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(loaded.path("done").asBoolean()).isTrue();
        assertThat(loaded.path("done_reason").asText()).isEqualTo("load");
        assertThat(loaded.path("response").asText()).isEmpty();
        assertThat(Json.parse(unload.body().lines().reduce((a, b) -> b).orElseThrow()).path("done_reason").asText()).isEqualTo("unload");
        backend.verify(0, anyRequestedFor(urlPathMatching("/(gemini|anthropic)/.*")).withRequestBody(equalToJson("{}", true, true)));
    }

    @Test
    void should_refuse_what_the_gateway_cannot_answer_faithfully() throws Exception {
        HttpResponse<String> echo = postJson("/v1/completions", """
                {"model":"lmStudio/m","prompt":"Hi","echo":true}""");
        HttpResponse<String> several = postJson("/v1/completions", """
                {"model":"lmStudio/m","prompt":["Hi","Ho"]}""");
        HttpResponse<String> logprobs = postJson("/v1/completions", """
                {"model":"lmStudio/m","prompt":"Hi","logprobs":2}""");
        HttpResponse<String> middleOnGemini = postJson("/api/generate", """
                {"model":"gemini/gemini-2.5-flash","prompt":"def f():","suffix":"return x","stream":false}""");

        assertThat(List.of(echo.statusCode(), several.statusCode(), logprobs.statusCode(), middleOnGemini.statusCode()))
                .containsOnly(400);
        assertThat(Json.parse(echo.body()).at("/error/message").asText()).contains("'echo'");
        assertThat(Json.parse(several.body()).at("/error/message").asText()).contains("one request per prompt");
        assertThat(Json.parse(middleOnGemini.body()).path("error").asText())
                .contains("backend 'gemini'").contains("cannot fill in the middle");
        backend.verify(0, anyRequestedFor(urlPathMatching(".*(completions|generateContent).*")));
    }
}
