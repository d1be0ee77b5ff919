package dev.llmgateway.dialect.gemini;

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
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini's {@code batchEmbedContents}, one request per input:
 * <pre>
 * POST /v1beta/models/gemini-embedding-001:batchEmbedContents
 * → {"requests":[{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"Hello"}]},"outputDimensionality":768}]}
 * ← {"embeddings":[{"values":[0.0123,-0.0456,…]}]}
 * </pre>
 * At most 100 requests per call; no token counts come back; text only.
 */
public final class GeminiEmbeddingWire implements EmbeddingWire {

    private static final String MODELS = "models/";

    @Override
    public String path(EmbeddingRequest request, Backend backend) {
        return "/v1beta/models/" + GeminiBackendCodec.encodePathSegment(bareModel(request)) + ":batchEmbedContents";
    }

    @Override
    public ObjectNode encode(EmbeddingRequest request, Backend backend) {
        ObjectNode body = Json.object();
        ArrayNode requests = body.putArray("requests");
        String model = MODELS + bareModel(request);
        for (EmbeddingInput each : request.inputs()) {
            if (each.isTokens()) {
                throw GatewayException.badRequest("backend '" + backend.name() + "' (Gemini) embeds texts, not token arrays");
            }
            ObjectNode one = requests.addObject().put("model", model);
            one.putObject("content").putArray("parts").addObject().put("text", each.text());
            Json.putIfSet(one, "outputDimensionality", request.dimensions());
        }
        return body;
    }

    @Override
    public Embeddings decode(JsonNode body, Backend backend) {
        List<float[]> vectors = new ArrayList<>();
        for (JsonNode embedding : body.path("embeddings")) {
            vectors.add(OpenAiEmbeddingWire.vector(embedding.path("values"), backend));
        }
        return new Embeddings(vectors, null);
    }

    @Override
    public int maxBatch() {
        return 100;
    }

    private static String bareModel(EmbeddingRequest request) {
        String model = request.model();
        if (model == null || model.isBlank()) {
            throw GatewayException.badRequest("Gemini needs a model; name one or set the backend's defaultModel");
        }
        return model.startsWith(MODELS) ? model.substring(MODELS.length()) : model;
    }
}
