package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.llmgateway.json.Json;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.github.ollama4j.Ollama;
import io.github.ollama4j.models.embed.OllamaEmbedRequest;
import io.github.ollama4j.models.embed.OllamaEmbedResult;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/embeddings, /api/embed and /api/embeddings, driven with openai-java, LangChain4j and
 * ollama4j, against fake Ollama, OpenAI-compatible (LM Studio) and Gemini upstreams.
 */
class EmbeddingsTest extends GatewayTestSupport {

    private OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().baseUrl(gateway("/v1")).apiKey("unused-by-the-gateway").maxRetries(0).build();
    }

    @Test
    void should_embed_with_openai_java_through_an_ollama_backend() {
        backend.stubFor(post(urlEqualTo("/api/embed")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("""
                        {"model":"nomic-embed-text","embeddings":[[0.010071029,-0.0017594862,0.05007221],[0.5,0.25,-0.125]],
                         "total_duration":14143917,"load_duration":1019500,"prompt_eval_count":8}""")));

        CreateEmbeddingResponse reply = openAi().embeddings().create(EmbeddingCreateParams.builder()
                .model("ollama/nomic-embed-text").inputOfArrayOfStrings(List.of("Why is the sky blue?", "Why is grass green?"))
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());

        assertThat(reply.data()).hasSize(2);
        assertThat(reply.data().get(0).embedding()).containsExactly(0.010071029f, -0.0017594862f, 0.05007221f);
        assertThat(reply.data().get(1).index()).isEqualTo(1);
        assertThat(reply.data().get(1).embedding()).containsExactly(0.5f, 0.25f, -0.125f);
        assertThat(reply.model()).isEqualTo("nomic-embed-text");
        assertThat(reply.usage().promptTokens()).isEqualTo(8);
        backend.verify(postRequestedFor(urlEqualTo("/api/embed")).withRequestBody(equalToJson("""
                {"model":"nomic-embed-text","input":["Why is the sky blue?","Why is grass green?"]}""")));
    }

    @Test
    void should_answer_base64_as_little_endian_floats_and_put_the_vectors_in_input_order() throws Exception {
        backend.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"object":"list","model":"text-embedding-qwen3",
                         "data":[{"object":"embedding","index":1,"embedding":[3.5,-4.25]},
                                 {"object":"embedding","index":0,"embedding":[1.0,2.0]}],
                         "usage":{"prompt_tokens":6,"total_tokens":6}}""")));

        HttpResponse<String> reply = postJson("/v1/embeddings", """
                {"model":"lmStudio/text-embedding-qwen3","input":["first","second"],"encoding_format":"base64","dimensions":2}""",
                "Authorization", "Bearer client-key");

        assertThat(reply.statusCode()).isEqualTo(200);
        JsonNode json = Json.parse(reply.body());
        assertThat(floats(json.at("/data/0/embedding").asText())).containsExactly(1.0f, 2.0f);
        assertThat(floats(json.at("/data/1/embedding").asText())).containsExactly(3.5f, -4.25f);
        assertThat(json.at("/usage/total_tokens").asInt()).isEqualTo(6);
        backend.verify(postRequestedFor(urlEqualTo("/v1/embeddings"))
                .withHeader("Authorization", equalTo("Bearer lm-secret-key"))
                .withRequestBody(equalToJson("""
                        {"model":"text-embedding-qwen3","input":["first","second"],"encoding_format":"float","dimensions":2}""")));
    }

    @Test
    void should_embed_with_langchain4j_and_pass_token_arrays_to_openai_compatible_servers() throws Exception {
        backend.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"object":"list","model":"bge-m3","data":[{"object":"embedding","index":0,"embedding":[0.25,0.75]}],
                         "usage":{"prompt_tokens":3,"total_tokens":3}}""")));
        OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder().baseUrl(gateway("/v1")).apiKey("unused")
                .modelName("lmStudio/bge-m3").maxRetries(0).build();

        Embedding embedding = model.embed(TextSegment.from("The food was delicious")).content();
        HttpResponse<String> tokens = postJson("/v1/embeddings", """
                {"model":"lmStudio/bge-m3","input":[791,3691,574]}""");

        assertThat(embedding.vector()).containsExactly(0.25f, 0.75f);
        assertThat(tokens.statusCode()).isEqualTo(200);
        backend.verify(postRequestedFor(urlEqualTo("/v1/embeddings")).withRequestBody(equalToJson("""
                {"model":"bge-m3","input":[[791,3691,574]],"encoding_format":"float"}""")));
    }

    @Test
    void should_split_gemini_batches_at_one_hundred_and_join_them_in_order() throws Exception {
        String path = "/gemini/v1beta/models/gemini-embedding-001:batchEmbedContents";
        backend.stubFor(post(urlEqualTo(path)).inScenario("batches").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(geminiVectors(0, 100)))
                .willSetStateTo("second"));
        backend.stubFor(post(urlEqualTo(path)).inScenario("batches").whenScenarioStateIs("second")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(geminiVectors(100, 150))));
        ArrayNode inputs = Json.MAPPER.createArrayNode();
        for (int i = 0; i < 150; i++) {
            inputs.add("text " + i);
        }

        HttpResponse<String> reply = postJson("/v1/embeddings",
                "{\"model\":\"gemini/gemini-embedding-001\",\"dimensions\":3,\"input\":" + inputs + "}");

        assertThat(reply.statusCode()).isEqualTo(200);
        JsonNode data = Json.parse(reply.body()).path("data");
        assertThat(data).hasSize(150);
        for (int i = 0; i < 150; i++) {
            assertThat(data.get(i).path("index").asInt()).isEqualTo(i);
            assertThat(data.get(i).at("/embedding/0").floatValue()).isEqualTo((float) i);
        }
        backend.verify(2, postRequestedFor(urlEqualTo(path)).withHeader("x-goog-api-key", equalTo("gemini-test-secret")));
        JsonNode second = Json.parse(backend.findAll(postRequestedFor(urlEqualTo(path))).get(1).getBodyAsString());
        assertThat(second.path("requests")).hasSize(50);
        assertThat(second.at("/requests/0/content/parts/0/text").asText()).isEqualTo("text 100");
        assertThat(second.at("/requests/0/model").asText()).isEqualTo("models/gemini-embedding-001");
        assertThat(second.at("/requests/0/outputDimensionality").asInt()).isEqualTo(3);
    }

    @Test
    void should_answer_ollama4j_embed_and_pass_ollamas_own_fields() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/embed")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("""
                        {"model":"all-minilm","embeddings":[[0.125,-0.5]],"total_duration":100,"load_duration":10,"prompt_eval_count":4}""")));
        OllamaEmbedRequest request = new OllamaEmbedRequest("all-minilm", List.of("Why is the sky blue?"));
        request.setTruncate(false);
        request.setKeepAlive("10m");

        OllamaEmbedResult result = new Ollama(gateway("")).embed(request);

        assertThat(result.getEmbeddings()).hasSize(1);
        assertThat(result.getEmbeddings().get(0)).containsExactly(0.125, -0.5);
        assertThat(result.getPromptEvalCount()).isEqualTo(4);
        assertThat(result.getModel()).isEqualTo("all-minilm");
        backend.verify(postRequestedFor(urlEqualTo("/api/embed")).withRequestBody(equalToJson("""
                {"model":"all-minilm","input":["Why is the sky blue?"],"truncate":false,"keep_alive":"10m"}""", true, true)));
    }

    @Test
    void should_answer_the_older_api_embeddings_with_one_vector() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/embed")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("""
                        {"model":"all-minilm","embeddings":[[0.5670403838157654,0.009260174818336964]],"prompt_eval_count":5}""")));

        HttpResponse<String> reply = postJson("/api/embeddings", """
                {"model":"all-minilm","prompt":"Here is an article about llamas...","options":{"num_ctx":512}}""");

        assertThat(reply.statusCode()).isEqualTo(200);
        JsonNode json = Json.parse(reply.body());
        assertThat(json.fieldNames()).toIterable().containsExactly("embedding");
        assertThat(json.at("/embedding/0").doubleValue()).isCloseTo(0.56704038, within(1e-6));
        backend.verify(postRequestedFor(urlEqualTo("/api/embed")).withRequestBody(equalToJson("""
                {"model":"all-minilm","input":["Here is an article about llamas..."],"options":{"num_ctx":512}}""")));
    }

    @Test
    void should_refuse_what_a_backend_cannot_embed_in_the_callers_dialect() throws Exception {
        HttpResponse<String> anthropic = postJson("/v1/embeddings", """
                {"model":"anthropic/claude-sonnet-4-5","input":"Hello"}""");
        HttpResponse<String> tokensToOllama = postJson("/api/embed", """
                {"model":"all-minilm","input":[[791,3691]]}""");
        HttpResponse<String> tokensThroughOpenAi = postJson("/v1/embeddings", """
                {"model":"ollama/all-minilm","input":[[791,3691]]}""");
        HttpResponse<String> noInput = postJson("/api/embeddings", """
                {"model":"all-minilm"}""");

        assertThat(anthropic.statusCode()).isEqualTo(400);
        assertThat(Json.parse(anthropic.body()).at("/error/message").asText())
                .contains("backend 'anthropic'").contains("no embeddings API");
        assertThat(tokensToOllama.statusCode()).isEqualTo(400);
        assertThat(Json.parse(tokensToOllama.body()).path("error").asText()).contains("'input'");
        assertThat(tokensThroughOpenAi.statusCode()).isEqualTo(400);
        assertThat(Json.parse(tokensThroughOpenAi.body()).at("/error/message").asText()).contains("not token arrays");
        assertThat(noInput.statusCode()).isEqualTo(400);
        assertThat(Json.parse(noInput.body()).path("error").asText()).contains("'prompt' is required");
        backend.verify(0, anyRequestedFor(urlPathMatching(".*embed.*")));
    }

    @Test
    void should_pass_an_upstream_error_with_its_status() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/embed")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"error\":\"model \\\"nomic-embed-text\\\" not found, try pulling it first\"}")));

        HttpResponse<String> reply = postJson("/v1/embeddings", """
                {"model":"ollama/nomic-embed-text","input":"Hello"}""");

        assertThat(reply.statusCode()).isEqualTo(404);
        assertThat(Json.parse(reply.body()).at("/error/message").asText()).contains("not found, try pulling it first");
    }

    private static String geminiVectors(int from, int to) {
        ObjectNode body = Json.object();
        ArrayNode embeddings = body.putArray("embeddings");
        for (int i = from; i < to; i++) {
            embeddings.addObject().putArray("values").add(i).add(0.5).add(-0.5);
        }
        return body.toString();
    }

    private static float[] floats(String base64) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return values;
    }
}
