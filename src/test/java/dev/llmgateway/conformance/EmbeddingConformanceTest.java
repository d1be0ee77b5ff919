package dev.llmgateway.conformance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.routes.GatewayTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every embeddings front door × every backend dialect: the vectors in input order, the texts and
 * model as the backend's API wants them, an upstream error with its status, and a clear 400 from a
 * dialect without embeddings (Anthropic).
 */
class EmbeddingConformanceTest extends GatewayTestSupport {

    private static final float[][] VECTORS = {{0.5f, -0.25f, 0.125f}, {1.5f, 2.25f, -3.0f}};

    /** The embeddings front doors, each as its clients call it. */
    enum Door {
        OPENAI_FLOAT("/v1/embeddings", 2), OPENAI_BASE64("/v1/embeddings", 2),
        OLLAMA_EMBED("/api/embed", 2), OLLAMA_EMBEDDINGS("/api/embeddings", 1);

        final String path;
        final int inputs;

        Door(String path, int inputs) {
            this.path = path;
            this.inputs = inputs;
        }

        String body(String model) {
            return switch (this) {
                case OPENAI_FLOAT -> "{\"model\":\"" + model + "\",\"input\":[\"alpha\",\"beta\"]}";
                case OPENAI_BASE64 -> "{\"model\":\"" + model + "\",\"input\":[\"alpha\",\"beta\"],\"encoding_format\":\"base64\"}";
                case OLLAMA_EMBED -> "{\"model\":\"" + model + "\",\"input\":[\"alpha\",\"beta\"]}";
                case OLLAMA_EMBEDDINGS -> "{\"model\":\"" + model + "\",\"prompt\":\"alpha\"}";
            };
        }

        List<float[]> vectors(JsonNode reply) {
            List<float[]> vectors = new ArrayList<>();
            switch (this) {
                case OPENAI_FLOAT -> reply.path("data").forEach(item -> vectors.add(floats(item.path("embedding"))));
                case OPENAI_BASE64 -> reply.path("data").forEach(item -> vectors.add(decode(item.path("embedding").asText())));
                case OLLAMA_EMBED -> reply.path("embeddings").forEach(vector -> vectors.add(floats(vector)));
                case OLLAMA_EMBEDDINGS -> vectors.add(floats(reply.path("embedding")));
            }
            return vectors;
        }

        String errorMessage(JsonNode reply) {
            return path.startsWith("/api/") ? reply.path("error").asText() : reply.at("/error/message").asText();
        }
    }

    /** The backend dialects' embeddings APIs as WireMock plays them; null path: the dialect has none. */
    enum Upstream {
        OLLAMA("ollama", "/api/embed"), OPENAI_COMPATIBLE("lmStudio", "/v1/embeddings"),
        LM_STUDIO_NATIVE("lmNative", "/v1/embeddings"), ANTHROPIC("anthropic", null),
        GEMINI("gemini", "/gemini/v1beta/models/m:batchEmbedContents");

        final String backend;
        final String path;

        Upstream(String backend, String path) {
            this.backend = backend;
            this.path = path;
        }

        String reply(int count) {
            ObjectNode body = Json.object();
            switch (this) {
                case OLLAMA -> {
                    body.put("model", "m");
                    ArrayNode embeddings = body.putArray("embeddings");
                    for (int i = 0; i < count; i++) {
                        add(embeddings.addArray(), VECTORS[i]);
                    }
                    body.put("prompt_eval_count", 4);
                }
                case GEMINI -> {
                    ArrayNode embeddings = body.putArray("embeddings");
                    for (int i = 0; i < count; i++) {
                        add(embeddings.addObject().putArray("values"), VECTORS[i]);
                    }
                }
                default -> {
                    body.put("object", "list").put("model", "m");
                    ArrayNode data = body.putArray("data");
                    for (int i = count - 1; i >= 0; i--) {          // out of order: the gateway sorts by index
                        add(data.addObject().put("object", "embedding").put("index", i).putArray("embedding"), VECTORS[i]);
                    }
                    body.putObject("usage").put("prompt_tokens", 4).put("total_tokens", 4);
                }
            }
            return body.toString();
        }

        /** The texts the backend received, in order. */
        List<String> texts(JsonNode sent) {
            List<String> texts = new ArrayList<>();
            if (this == GEMINI) {
                sent.path("requests").forEach(r -> texts.add(r.at("/content/parts/0/text").asText()));
            } else {
                sent.path("input").forEach(t -> texts.add(t.asText()));
            }
            return texts;
        }

        String model(JsonNode sent) {
            return this == GEMINI ? sent.at("/requests/0/model").asText() : sent.path("model").asText();
        }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (Door door : Door.values()) {
            for (Upstream upstream : Upstream.values()) {
                rows.add(Arguments.of(door, upstream));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("matrix")
    void should_embed_every_input_in_order(Door door, Upstream upstream) throws Exception {
        if (upstream.path != null) {
            backend.stubFor(post(urlEqualTo(upstream.path)).willReturn(aResponse()
                    .withHeader("Content-Type", "application/json").withBody(upstream.reply(door.inputs))));
        }

        HttpResponse<String> reply = send(door, upstream.backend + "/m");
        JsonNode json = Json.parse(reply.body());

        if (upstream.path == null) {
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(400);
            assertThat(door.errorMessage(json)).contains("no embeddings API");
            backend.verify(0, anyRequestedFor(urlPathMatching(".*")));
            return;
        }
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        List<float[]> vectors = door.vectors(json);
        assertThat(vectors).hasSize(door.inputs);
        for (int i = 0; i < door.inputs; i++) {
            assertThat(vectors.get(i)).containsExactly(VECTORS[i]);
        }
        JsonNode sent = Json.parse(backend.findAll(postRequestedFor(urlEqualTo(upstream.path))).get(0).getBodyAsString());
        assertThat(upstream.texts(sent)).isEqualTo(door.inputs == 2 ? List.of("alpha", "beta") : List.of("alpha"));
        assertThat(upstream.model(sent)).isIn("m", "models/m");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("matrix")
    void should_pass_an_upstream_error_with_its_status_in_the_callers_dialect(Door door, Upstream upstream) throws Exception {
        if (upstream.path == null) {
            return;                     // refused before any call: the row above
        }
        backend.stubFor(post(urlEqualTo(upstream.path)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody(upstream == Upstream.OLLAMA ? "{\"error\":\"model \\\"m\\\" not found, try pulling it first\"}"
                        : upstream == Upstream.GEMINI ? "{\"error\":{\"code\":404,\"message\":\"model m not found\",\"status\":\"NOT_FOUND\"}}"
                        : "{\"error\":{\"message\":\"model m not found\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}")));

        HttpResponse<String> reply = send(door, upstream.backend + "/m");

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(404);
        assertThat(door.errorMessage(Json.parse(reply.body()))).contains("not found").contains(upstream.backend);
    }

    private HttpResponse<String> send(Door door, String model) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway(door.path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(door.body(model))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void add(ArrayNode target, float[] vector) {
        for (float value : vector) {
            target.add(value);
        }
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).floatValue();
        }
        return values;
    }

    private static float[] decode(String base64) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return values;
    }
}
