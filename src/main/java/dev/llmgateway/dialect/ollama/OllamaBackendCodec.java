package dev.llmgateway.dialect.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendCodec;
import dev.llmgateway.backend.EmbeddingWire;
import dev.llmgateway.dialect.FunctionTools;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.stream.FrameDecoder;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Backend codec for Ollama's native API ({@code POST {baseUrl}/api/chat}). {@code stream} is always
 * sent explicitly: Ollama streams NDJSON when it is left out.
 */
public class OllamaBackendCodec extends BackendCodec {

    private static final EmbeddingWire EMBEDDINGS = new OllamaEmbeddingWire();

    @Override
    public String dialect() {
        return "ollama";
    }

    @Override
    protected String chatPath(ChatRequest request, Backend backend) {
        return request.completion() != null ? "/api/generate" : "/api/chat";
    }

    /** Ollama completes any prompt, with a suffix too (fill-in-the-middle, where the model's template has it). */
    @Override
    public boolean completesText(ChatRequest request, Backend backend) {
        return true;
    }

    @Override
    protected String modelsPath(Backend backend) {
        return "/api/tags";
    }

    /** {@code {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size_vram":3825819519,…}]}} */
    @Override
    protected String loadedModelsPath(Backend backend) {
        return "/api/ps";
    }

    @Override
    protected List<String> decodeLoadedModels(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.path("models").forEach(model -> names.add(model.path("model").asText(model.path("name").asText())));
        return names;
    }

    @Override
    protected ObjectNode encode(ChatRequest request) {
        if (request.completion() != null) {
            return OllamaWire.writeGenerate(request);
        }
        ObjectNode body = Json.object().put("model", request.model());
        body.set("messages", OllamaWire.writeMessages(request.messages()));
        if (!request.tools().isEmpty() && !OllamaWire.toolsOff(request.toolChoice())) {
            body.set("tools", FunctionTools.write(request.tools()));
        }
        OllamaWire.writeOptions(request.options(), body);
        body.put("stream", request.stream());
        return body;
    }

    @Override
    public EmbeddingWire embeddingWire() {
        return EMBEDDINGS;
    }

    @Override
    protected FrameDecoder newFrameDecoder(Backend backend) {
        return new OllamaFrameDecoder(backend.name());
    }

    /** A non-streaming reply has the shape of the last stream line, with the whole message. */
    @Override
    protected ChatChunk decodeWhole(JsonNode body) {
        return new OllamaFrameDecoder("ollama").decode(body);
    }

    /**
     * <pre>
     * {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-05-04T17:37:44.706015396-07:00",
     *   "size":2019393189,"digest":"a80c4f17acd5...","details":{"family":"llama","parameter_size":"3.2B"}}]}
     * </pre>
     */
    @Override
    protected List<ModelInfo> decodeModels(JsonNode body, Backend backend) {
        List<ModelInfo> models = new ArrayList<>();
        for (JsonNode model : body.path("models")) {
            String modified = Json.text(model, "modified_at");
            long created = 0;
            try {
                created = modified == null ? 0 : OffsetDateTime.parse(modified).toEpochSecond();
            } catch (RuntimeException unparseable) {
                // keep 0: the date is informational
            }
            models.add(new ModelInfo(backend.name(), Json.text(model, "name"), created));
        }
        return models;
    }
}
