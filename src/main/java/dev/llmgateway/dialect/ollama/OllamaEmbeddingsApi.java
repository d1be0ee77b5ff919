package dev.llmgateway.dialect.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.http.ChatFrontDoor;
import dev.llmgateway.http.JsonReply;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.EmbeddingInput;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.Embeddings;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.request.RequestContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * Ollama's two embeddings endpoints ({@code routes/ollama.yaml}):
 * <pre>
 * POST /api/embed       → {"model":"ollama/all-minilm","input":["Why is the sky blue?"],"truncate":true,"keep_alive":"5m","dimensions":384}
 *                       ← {"model":"all-minilm","embeddings":[[0.010071029,…]],"total_duration":14143917,"load_duration":0,"prompt_eval_count":8}
 * POST /api/embeddings  → {"model":"all-minilm","prompt":"Why is the sky blue?"}     (the older one, one text)
 *                       ← {"embedding":[0.5670403838157654,…]}
 * </pre>
 * {@code truncate}, {@code keep_alive} and {@code options} go as they came to Ollama backends, to
 * no other. The older endpoint is answered through {@code /api/embed} too, whose vectors Ollama
 * normalises to length 1 (as its newer clients expect).
 */
public class OllamaEmbeddingsApi {

    private static final List<String> OLLAMA_FIELDS = List.of("truncate", "keep_alive", "options");

    /** {@code POST /api/embed}: {@code input} is a text or an array of texts. */
    public EmbeddingRequest readEmbed(byte[] body, Exchange exchange) {
        JsonNode json = read(body, exchange);
        JsonNode input = json.get("input");
        List<EmbeddingInput> inputs = new ArrayList<>();
        if (input != null && input.isTextual()) {
            inputs.add(EmbeddingInput.text(input.textValue()));
        } else if (input != null && input.isArray()) {
            for (JsonNode each : input) {
                if (!each.isTextual()) {
                    throw GatewayException.badRequest("'input' must be a text or an array of texts");
                }
                inputs.add(EmbeddingInput.text(each.textValue()));
            }
        } else {
            throw GatewayException.badRequest("'input' is required: a text or an array of texts");
        }
        return new EmbeddingRequest(Json.string(json, "model"), inputs, Json.integer(json, "dimensions", 1, 1 << 16),
                ollamaFields(json));
    }

    /** {@code POST /api/embeddings}: one text in {@code prompt}. */
    public EmbeddingRequest readLegacy(byte[] body, Exchange exchange) {
        JsonNode json = read(body, exchange);
        String prompt = Json.string(json, "prompt");
        if (prompt == null) {
            throw GatewayException.badRequest("'prompt' is required: the text to embed");
        }
        return new EmbeddingRequest(Json.string(json, "model"), List.of(EmbeddingInput.text(prompt)), null, ollamaFields(json));
    }

    public void writeEmbed(Embeddings answer, Exchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        ObjectNode json = Json.object().put("model", context.route().model());
        ArrayNode embeddings = json.putArray("embeddings");
        answer.vectors().forEach(vector -> numbers(embeddings.addArray(), vector));
        json.put("total_duration", System.nanoTime() - context.startNanos()).put("load_duration", 0);
        if (answer.usage() != null) {
            json.put("prompt_eval_count", answer.usage().promptTokens());
        }
        JsonReply.send(exchange, 200, "application/json; charset=utf-8", json);
    }

    public void writeLegacy(Embeddings answer, Exchange exchange) {
        ObjectNode json = Json.object();
        numbers(json.putArray("embedding"), answer.vectors().get(0));
        JsonReply.send(exchange, 200, "application/json; charset=utf-8", json);
    }

    private static JsonNode read(byte[] body, Exchange exchange) {
        return ChatFrontDoor.requestBody(body, exchange);
    }

    private static ObjectNode ollamaFields(JsonNode json) {
        ObjectNode fields = Json.object();
        for (String name : OLLAMA_FIELDS) {
            if (json.hasNonNull(name)) {
                fields.set(name, json.get(name));
            }
        }
        return fields;
    }

    private static void numbers(ArrayNode target, float[] vector) {
        for (float value : vector) {
            target.add(value);
        }
    }
}
