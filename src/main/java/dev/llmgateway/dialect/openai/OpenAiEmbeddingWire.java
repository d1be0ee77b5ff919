package dev.llmgateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.EmbeddingWire;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.EmbeddingInput;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.Embeddings;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Usage;
import java.util.List;

/**
 * OpenAI's embeddings API, which OpenAI-compatible servers (vLLM, llama.cpp, LM Studio, LocalAI,
 * TGI) share:
 * <pre>
 * → {"model":"text-embedding-3-small","input":["Hello","World"],"encoding_format":"float","dimensions":256}
 * ← {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0023,-0.0093,…]},…],
 *    "model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}}
 * </pre>
 * Always asked for floats: a client that wants base64 gets it encoded by the gateway, so that every
 * backend can serve it. OpenAI takes at most 2048 inputs per call.
 */
public final class OpenAiEmbeddingWire implements EmbeddingWire {

    private final String path;

    /** {@code path}: below the base URL, {@code /embeddings} (base URL ends in /v1) or {@code /v1/embeddings}. */
    public OpenAiEmbeddingWire(String path) {
        this.path = path;
    }

    @Override
    public String path(EmbeddingRequest request, Backend backend) {
        return path;
    }

    @Override
    public ObjectNode encode(EmbeddingRequest request, Backend backend) {
        ObjectNode body = Json.object().put("model", request.model());
        ArrayNode input = body.putArray("input");
        boolean tokens = request.hasTokens();
        for (EmbeddingInput each : request.inputs()) {
            if (each.isTokens() != tokens) {
                throw GatewayException.badRequest("'input' mixes texts and token arrays: send one kind");
            }
            if (tokens) {
                ArrayNode ids = input.addArray();
                for (int id : each.tokens()) {
                    ids.add(id);
                }
            } else {
                input.add(each.text());
            }
        }
        body.put("encoding_format", "float");
        Json.putIfSet(body, "dimensions", request.dimensions());
        return body;
    }

    @Override
    public Embeddings decode(JsonNode body, Backend backend) {
        JsonNode data = body.path("data");
        float[][] byIndex = new float[data.size()][];
        int next = 0;
        for (JsonNode item : data) {
            int index = item.path("index").asInt(next++);
            if (index < 0 || index >= byIndex.length || byIndex[index] != null) {
                throw GatewayException.upstream(backend.name(), 502, "the reply's embedding indexes do not match its inputs");
            }
            byIndex[index] = vector(item.path("embedding"), backend);
        }
        JsonNode usage = body.get("usage");
        return new Embeddings(List.of(byIndex), usage == null || usage.isNull() ? null
                : new Usage(usage.path("prompt_tokens").asInt(), 0));
    }

    @Override
    public int maxBatch() {
        return 2048;
    }

    /** A JSON array of numbers as floats, the precision embedding models compute in. */
    public static float[] vector(JsonNode array, Backend backend) {
        if (!array.isArray()) {
            throw GatewayException.upstream(backend.name(), 502, "the reply has an embedding that is not an array of numbers");
        }
        float[] vector = new float[array.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) array.get(i).asDouble();
        }
        return vector;
    }
}
