package dev.llmgateway.dialect.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendCodec;
import dev.llmgateway.backend.EmbeddingWire;
import dev.llmgateway.backend.UpstreamErrors;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.stream.FrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Message;

/**
 * Backend codec for the Google Gemini API ({@code baseUrl} {@code https://generativelanguage.googleapis.com},
 * without the version). The model is part of the URL, not the body:
 * {@code POST /v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse} (SSE, one whole
 * response per event) or {@code POST /v1beta/models/gemini-2.5-flash:generateContent}.
 * <pre>
 * {"contents":[{"role":"user","parts":[{"text":"Why is the sky blue?"}]}],
 *  "systemInstruction":{"parts":[{"text":"Be brief."}]},
 *  "generationConfig":{"temperature":0.2,"maxOutputTokens":256}}
 * </pre>
 * The key goes in {@code x-goog-api-key} (the {@code ?key=} alternative would put it in URLs
 * that get logged). Errors arrive as {@code {"error":{"code":404,"message":"…","status":"NOT_FOUND"}}},
 * which {@link UpstreamErrors#errorMessage} already reads.
 */
public class GeminiBackendCodec extends BackendCodec {

    private static final EmbeddingWire EMBEDDINGS = new GeminiEmbeddingWire();

    @Override
    public String dialect() {
        return "gemini";
    }

    @Override
    protected String modelsPath(Backend backend) {
        return "/v1beta/models?pageSize=1000";
    }

    private static final String MODELS = "models/";

    @Override
    protected ObjectNode encode(ChatRequest request) {
        ObjectNode body = Json.object();
        GeminiContents.write(request.messages(), body);
        GeminiTools.write(request.tools(), request.toolChoice(), body);
        GeminiGenerationConfig.write(request.options(), body);
        return body;
    }

    /** {@code stream} has no body field in Gemini: it picks the method, and SSE needs {@code alt=sse}. */
    @Override
    protected String chatPath(ChatRequest request, Backend backend) {
        String model = request.model();
        if (model == null || model.isBlank()) {
            throw GatewayException.badRequest("Gemini needs a model; name one or set the backend's defaultModel");
        }
        if (model.startsWith(MODELS)) {
            model = model.substring(MODELS.length());
        }
        String method = request.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent";
        return "/v1beta/models/" + encodePathSegment(model) + method;
    }

    /** Percent-encodes all but RFC 3986 unreserved characters, so a ':' or '/' in a name cannot change the method. */
    static String encodePathSegment(String segment) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    @Override
    protected void authenticate(Message message, Backend backend) {
        if (backend.hasApiKey()) {
            message.setHeader("x-goog-api-key", backend.apiKey());
        }
    }

    @Override
    public EmbeddingWire embeddingWire() {
        return EMBEDDINGS;
    }

    @Override
    protected FrameDecoder newFrameDecoder(Backend backend) {
        return new GeminiFrameDecoder(backend.name());
    }

    /**
     * The reply of {@code :generateContent}, the same GenerateContentResponse a stream chunk is:
     * <pre>
     * {"candidates":[{"content":{"parts":[{"text":"Rayleigh scattering."}],"role":"model"},"finishReason":"STOP","index":0}],
     *  "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":4,"totalTokenCount":40,"thoughtsTokenCount":28},
     *  "modelVersion":"gemini-2.5-flash","responseId":"mI4zaM-9Ga2ZnvgP0ZrL2Qs"}
     * </pre>
     */
    @Override
    protected ChatChunk decodeWhole(JsonNode body) {
        ChatChunk chunk = new GeminiFrameDecoder("gemini").chunk(body);
        return chunk.finishReason() != null ? chunk : new ChatChunk(chunk.content(), chunk.thinking(),
                chunk.toolCalls(), FinishReason.STOP, chunk.usage(), chunk.model());
    }

    /**
     * Only models that can chat ({@code generateContent}); embedding and Imagen models cannot.
     * One page only: the models kamelet asks for {@code pageSize=1000}, the API's maximum.
     * <pre>
     * {"models":[{"name":"models/gemini-2.5-flash","displayName":"Gemini 2.5 Flash",
     *   "supportedGenerationMethods":["generateContent","countTokens","createCachedContent","batchGenerateContent"],…},
     *  {"name":"models/text-embedding-004","supportedGenerationMethods":["embedContent"],…}],
     *  "nextPageToken":"Ch1tb2RlbHMvZ2VtaW5pLTIuMC1mbGFzaC0wMDE="}
     * </pre>
     */
    @Override
    protected List<ModelInfo> decodeModels(JsonNode body, Backend backend) {
        List<ModelInfo> models = new ArrayList<>();
        for (JsonNode model : body.path("models")) {
            String name = Json.text(model, "name");
            boolean chats = false;
            for (JsonNode method : model.path("supportedGenerationMethods")) {
                chats |= "generateContent".equals(method.asText());
            }
            if (name != null && chats) {
                models.add(new ModelInfo(backend.name(), name.startsWith(MODELS) ? name.substring(MODELS.length()) : name, 0));
            }
        }
        return models;
    }
}
