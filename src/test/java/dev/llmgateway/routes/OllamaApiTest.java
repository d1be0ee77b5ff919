package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import io.github.ollama4j.Ollama;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import io.github.ollama4j.models.chat.OllamaChatResult;
import io.github.ollama4j.models.ps.ModelProcessesResult;
import io.github.ollama4j.models.response.Model;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Ollama front door, driven with the ollama4j client library and by hand. */
class OllamaApiTest extends GatewayTestSupport {

    private Ollama client() {
        Ollama ollama = new Ollama(gateway(""));
        ollama.setRequestTimeoutSeconds(10);
        return ollama;
    }

    @Test
    void should_answer_ollama4j_with_a_model_behind_an_openai_compatible_server() throws Exception {
        backend.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id":"c","object":"chat.completion","created":1,"model":"qwen3-8b",
                         "choices":[{"index":0,"message":{"role":"assistant","content":"Bonjour!"},"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""")));

        OllamaChatResult result = client().chat(OllamaChatRequest.builder().withModel("lmStudio/qwen3-8b")
                .withMessage(OllamaChatMessageRole.USER, "Say hello in French").build(), null);

        assertThat(result.getResponseModel().getMessage().getResponse()).isEqualTo("Bonjour!");
        assertThat(result.getResponseModel().isDone()).isTrue();
        assertThat(result.getResponseModel().getDoneReason()).isEqualTo("stop");
        assertThat(result.getResponseModel().getEvalCount()).isEqualTo(2);
        backend.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("qwen3-8b"))));
    }

    @Test
    void should_stream_tokens_to_ollama4j() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-ndjson").withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Bon"},"done":false}
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"jour"},"done":false}
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":2}
                        """).withChunkedDribbleDelay(3, 300)));
        List<String> tokens = new ArrayList<>();

        OllamaChatResult result = client().chat(OllamaChatRequest.builder().withModel("llama3.2")
                .withMessage(OllamaChatMessageRole.USER, "Say hello in French").withStreaming().build(),
                response -> tokens.add(response.getMessage().getResponse()));

        assertThat(String.join("", tokens)).isEqualTo("Bonjour");
        assertThat(tokens).hasSizeGreaterThanOrEqualTo(2);
        assertThat(result.getResponseModel().getMessage().getResponse()).isEqualTo("Bonjour");
    }

    @Test
    void should_list_discovered_models_and_the_version_for_ollama4j() throws Exception {
        backend.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"modified_at\":\"2025-05-04T17:37:44Z\"}]}")));
        backend.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"object\":\"list\",\"data\":[{\"id\":\"qwen3-8b\",\"object\":\"model\",\"owned_by\":\"me\"}]}")));
        discoverModels();

        List<Model> models = client().listModels();

        assertThat(models).extracting(Model::getName).containsExactly("lmStudio/qwen3-8b", "ollama/llama3.2:latest");
        assertThat(client().getVersion()).isNotBlank();
        assertThat(client().ping()).isTrue();
    }

    @Test
    void should_fail_ollama4j_with_the_backends_message() {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"model 'nope' not found\"}")));

        assertThatThrownBy(() -> client().chat(OllamaChatRequest.builder().withModel("nope")
                .withMessage(OllamaChatMessageRole.USER, "Hi").build(), null))
                .hasMessageContaining("model 'nope' not found");
    }

    @Test
    void should_show_an_ollama_model_from_ollama_and_others_from_what_the_gateway_knows() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/show")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"modelfile\":\"FROM llama3.2\",\"capabilities\":[\"completion\",\"tools\"],\"details\":{\"family\":\"llama\"}}")));

        JsonNode ollama = Json.parse(postJson("/api/show", "{\"model\":\"llama3.2\"}").body());
        HttpResponse<String> other = postJson("/api/show", "{\"model\":\"lmStudio/qwen3-8b\"}");

        assertThat(ollama.path("capabilities").toString()).isEqualTo("[\"completion\",\"tools\"]");
        backend.verify(postRequestedFor(urlEqualTo("/api/show")).withRequestBody(equalToJson("{\"model\":\"llama3.2\"}")));
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(Json.parse(other.body()).at("/model_info/gateway.backend").asText()).isEqualTo("lmStudio");
    }

    @Test
    void should_show_a_model_named_by_name_as_older_clients_send_it() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/show")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"modelfile\":\"FROM llama3.2\",\"capabilities\":[\"completion\"]}")));

        HttpResponse<String> shown = postJson("/api/show", "{\"name\":\"llama3.2\"}");

        assertThat(shown.statusCode()).isEqualTo(200);
        backend.verify(postRequestedFor(urlEqualTo("/api/show")).withRequestBody(equalToJson("{\"model\":\"llama3.2\"}")));
    }

    @Test
    void should_list_the_loaded_models_of_the_ollama_backends_for_ollama4j() throws Exception {
        backend.stubFor(get(urlEqualTo("/api/ps")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":3825819519,"digest":"a80c4f17acd5",
                          "details":{"parent_model":"","format":"gguf","family":"llama","families":["llama"],"parameter_size":"3.2B",
                          "quantization_level":"Q4_K_M"},"expires_at":"2026-12-03T10:38:31.83753Z","size_vram":3825819519}]}""")));

        ModelProcessesResult loaded = client().ps();

        assertThat(loaded.getModels()).hasSize(1);
        ModelProcessesResult.ModelProcess model = loaded.getModels().get(0);
        assertThat(model.getName()).isEqualTo("ollama/llama3.2:latest");
        assertThat(model.getModel()).isEqualTo("ollama/llama3.2:latest");
        assertThat(model.getSizeVram()).isEqualTo(3825819519L);
        assertThat(model.getExpiresAt()).isEqualTo("2026-12-03T10:38:31.83753Z");
        assertThat(model.getDetails().getFamily()).isEqualTo("llama");
    }

    @Test
    void should_list_no_loaded_models_when_the_ollama_backend_does_not_answer() throws Exception {
        backend.stubFor(get(urlEqualTo("/api/ps")).willReturn(aResponse().withStatus(500).withBody("boom")));

        HttpResponse<String> loaded = http.send(HttpRequest.newBuilder(URI.create(gateway("/api/ps"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(loaded.statusCode()).isEqualTo(200);
        assertThat(Json.parse(loaded.body()).path("models").isEmpty()).isTrue();
    }

    @Test
    void should_translate_ollama_options_for_an_openai_compatible_backend_and_pass_every_one_to_ollama() throws Exception {
        backend.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
                         "message":{"role":"assistant","content":"{}"},"finish_reason":"stop"}]}""")));
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"model":"m","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"{}"},
                         "done":true,"done_reason":"stop","prompt_eval_count":1,"eval_count":1}""")));
        String options = """
                "stream":false,"think":"high","keep_alive":"10m",
                "format":{"type":"object","properties":{"answer":{"type":"string"}}},
                "options":{"temperature":0.3,"top_p":0.8,"seed":7,"stop":["END"],"num_predict":64,"num_ctx":8192,
                 "repeat_penalty":1.1,"repeat_last_n":64,"min_p":0.05,"typical_p":0.9,"mirostat":2,"mirostat_tau":5.0,
                 "num_gpu":99,"num_thread":8,"num_batch":512}""";

        postJson("/api/chat", "{\"model\":\"lmStudio/m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]," + options + "}");
        postJson("/api/chat", "{\"model\":\"ollama/m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]," + options + "}");

        backend.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
                {"model":"m","stream":false,"temperature":0.3,"top_p":0.8,"seed":7,"stop":["END"],"max_tokens":64,
                 "reasoning_effort":"high",
                 "response_format":{"type":"json_schema","json_schema":{"name":"response",
                   "schema":{"type":"object","properties":{"answer":{"type":"string"}}}}},
                 "messages":[{"role":"user","content":"Hi"}]}""")));
        backend.verify(postRequestedFor(urlEqualTo("/api/chat")).withRequestBody(equalToJson("""
                {"model":"m","stream":false,"think":"high","keep_alive":"10m",
                 "format":{"type":"object","properties":{"answer":{"type":"string"}}},
                 "options":{"temperature":0.3,"top_p":0.8,"seed":7,"stop":["END"],"num_predict":64,"num_ctx":8192,
                  "repeat_penalty":1.1,"repeat_last_n":64,"min_p":0.05,"typical_p":0.9,"mirostat":2,"mirostat_tau":5.0,
                  "num_gpu":99,"num_thread":8,"num_batch":512},
                 "messages":[{"role":"user","content":"Hi"}]}""")));
    }

    @Test
    void should_read_json_sent_as_curl_sends_it_by_default_as_in_ollamas_own_examples() throws Exception {
        // curl -d sets Content-Type: application/x-www-form-urlencoded; Ollama's docs use exactly that
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Hi!"},
                         "done":true,"done_reason":"stop","prompt_eval_count":1,"eval_count":1}""")));

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway("/api/chat")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"a=b&c\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Json.parse(response.body()).at("/message/content").asText()).isEqualTo("Hi!");
        backend.verify(postRequestedFor(urlEqualTo("/api/chat")).withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("a=b&c"))));
    }

    @Test
    void should_answer_ollama_shaped_errors_and_the_root_probe() throws Exception {
        HttpResponse<String> bad = postJson("/api/chat", "{\"model\":\"m\"}");
        HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create(gateway("/"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.parse(bad.body()).path("error").asText()).contains("messages");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).isEqualTo("Ollama is running");
    }
}
