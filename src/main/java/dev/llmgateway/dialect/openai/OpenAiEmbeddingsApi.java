package dev.llmgateway.dialect.openai;

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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * {@code POST /v1/embeddings} ({@code routes/openai.yaml}), as OpenAI's SDKs call it:
 * <pre>
 * → {"model":"ollama/nomic-embed-text","input":["Hello","World"],"encoding_format":"base64","dimensions":256}
 * ← {"object":"list","data":[{"object":"embedding","index":0,"embedding":"AACAPwAAAEA…"},…],
 *    "model":"nomic-embed-text","usage":{"prompt_tokens":2,"total_tokens":2}}
 * </pre>
 * {@code input} is a text, an array of texts, an array of token ids or an array of such arrays.
 * {@code encoding_format} {@code base64} (the default of openai-python and openai-node) is the
 * vector's little-endian float32 bytes in base64; the gateway encodes it, so every backend serves it.
 */
public class OpenAiEmbeddingsApi {

    private static final String BASE64 = "llmEmbeddingsBase64";

    public EmbeddingRequest readRequest(byte[] body, Exchange exchange) {
        JsonNode json = ChatFrontDoor.requestBody(body, exchange);
        String format = Json.string(json, "encoding_format");
        if (format != null && !format.equals("float") && !format.equals("base64")) {
            throw GatewayException.badRequest("'encoding_format' must be 'float' or 'base64'");
        }
        exchange.setProperty(BASE64, "base64".equals(format));
        return new EmbeddingRequest(Json.string(json, "model"), inputs(json.get("input")),
                Json.integer(json, "dimensions", 1, 1 << 16), Json.object());
    }

    /** {@code "Hello"}, {@code ["Hello","World"]}, {@code [9906]} or {@code [[9906],[10343]]}. */
    private static List<EmbeddingInput> inputs(JsonNode input) {
        if (input == null || input.isNull()) {
            throw GatewayException.badRequest("'input' is required: a text, an array of texts or of token arrays");
        }
        if (input.isTextual()) {
            return List.of(EmbeddingInput.text(input.textValue()));
        }
        if (!input.isArray() || input.isEmpty()) {
            throw GatewayException.badRequest("'input' must be a text or a non-empty array");
        }
        if (input.get(0).isIntegralNumber()) {
            return List.of(EmbeddingInput.tokens(tokens(input)));
        }
        List<EmbeddingInput> inputs = new ArrayList<>(input.size());
        for (JsonNode each : input) {
            if (each.isTextual()) {
                inputs.add(EmbeddingInput.text(each.textValue()));
            } else if (each.isArray()) {
                inputs.add(EmbeddingInput.tokens(tokens(each)));
            } else {
                throw GatewayException.badRequest("'input' must hold texts or token arrays, not " + each.getNodeType());
            }
        }
        return inputs;
    }

    private static int[] tokens(JsonNode array) {
        int[] tokens = new int[array.size()];
        for (int i = 0; i < tokens.length; i++) {
            if (!array.get(i).canConvertToInt() || !array.get(i).isIntegralNumber()) {
                throw GatewayException.badRequest("a token array in 'input' must hold integers");
            }
            tokens[i] = array.get(i).intValue();
        }
        return tokens;
    }

    public void writeReply(Embeddings answer, Exchange exchange) {
        boolean base64 = Boolean.TRUE.equals(exchange.getProperty(BASE64, Boolean.class));
        String model = RequestContext.of(exchange).route().model();
        ObjectNode json = Json.object().put("object", "list");
        ArrayNode data = json.putArray("data");
        int index = 0;
        for (float[] vector : answer.vectors()) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", index++);
            if (base64) {
                item.put("embedding", base64(vector));
            } else {
                ArrayNode numbers = item.putArray("embedding");
                for (float value : vector) {
                    numbers.add(value);
                }
            }
        }
        json.put("model", model);
        int tokens = answer.usage() == null ? 0 : answer.usage().promptTokens();
        json.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        JsonReply.send(exchange, 200, "application/json", json);
    }

    /** The vector as OpenAI sends it in base64: its float32 values, little-endian. */
    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
