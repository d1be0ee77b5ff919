package dev.llmgateway.dialect.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.EmbeddingWire;
import dev.llmgateway.dialect.openai.OpenAiEmbeddingWire;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.EmbeddingInput;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.Embeddings;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * Ollama's embeddings API, {@code POST /api/embed}, with the client's {@code truncate},
 * {@code keep_alive} and {@code options} as they came:
 * <pre>
 * → {"model":"all-minilm","input":["Why is the sky blue?","Why is the grass green?"],"truncate":true,"keep_alive":"5m"}
 * ← {"model":"all-minilm","embeddings":[[0.010071029,-0.0017594862,…],[…]],
 *    "total_duration":14143917,"load_duration":1019500,"prompt_eval_count":8}
 * </pre>
 * Ollama takes any number of inputs in one call, and text only.
 */
public final class OllamaEmbeddingWire implements EmbeddingWire {

    @Override
    public String path(EmbeddingRequest request, Backend backend) {
        return "/api/embed";
    }

    @Override
    public ObjectNode encode(EmbeddingRequest request, Backend backend) {
        ObjectNode body = Json.object().put("model", request.model());
        body.setAll(request.ollamaFields());
        ArrayNode input = body.putArray("input");
        for (EmbeddingInput each : request.inputs()) {
            if (each.isTokens()) {
                throw GatewayException.badRequest("backend '" + backend.name() + "' (Ollama) embeds texts, not token arrays");
            }
            input.add(each.text());
        }
        Json.putIfSet(body, "dimensions", request.dimensions());
        return body;
    }

    @Override
    public Embeddings decode(JsonNode body, Backend backend) {
        List<float[]> vectors = new ArrayList<>();
        for (JsonNode vector : body.path("embeddings")) {
            vectors.add(OpenAiEmbeddingWire.vector(vector, backend));
        }
        JsonNode count = body.get("prompt_eval_count");
        return new Embeddings(vectors, count == null ? null : new Usage(count.asInt(), 0));
    }

    @Override
    public int maxBatch() {
        return Integer.MAX_VALUE;
    }
}
