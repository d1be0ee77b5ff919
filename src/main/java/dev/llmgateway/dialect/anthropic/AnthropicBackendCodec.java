package dev.llmgateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendCodec;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.GenerationOptions;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.stream.FrameDecoder;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Message;

/**
 * Backend codec for Anthropic's Messages API ({@code POST {baseUrl}/v1/messages}; {@code baseUrl}
 * is e.g. {@code https://api.anthropic.com}, without {@code /v1}).
 * <pre>
 * {"model":"claude-sonnet-4-5","max_tokens":4096,"system":"Be brief.",
 *  "messages":[{"role":"user","content":"Weather in Paris?"}],
 *  "tools":[{"name":"get_weather","description":"Current weather","input_schema":{"type":"object",…}}],
 *  "tool_choice":{"type":"auto"},"stream":true}
 * </pre>
 * {@code max_tokens} is required by Anthropic (a request without it gets a 400): the request's, else the
 * backend's {@code maxTokens} setting, else {@value #DEFAULT_MAX_TOKENS}. Seed, penalties and
 * {@code response_format} have no Messages API field and are not sent.
 */
public class AnthropicBackendCodec extends BackendCodec {

    @Override
    public String dialect() {
        return "anthropic";
    }

    @Override
    protected String chatPath(ChatRequest request, Backend backend) {
        return "/v1/messages";
    }

    @Override
    protected String modelsPath(Backend backend) {
        return "/v1/models";
    }

    static final String VERSION = "2023-06-01";
    static final int DEFAULT_MAX_TOKENS = 4096;

    @Override
    protected ObjectNode encode(ChatRequest request) {
        return encode(request, null);
    }

    @Override
    protected ObjectNode encode(ChatRequest request, Backend backend) {
        GenerationOptions options = request.options();
        ObjectNode body = Json.object().put("model", request.model());
        Json.putIfSet(body, "system", AnthropicMessages.system(request.messages()));
        body.set("messages", AnthropicMessages.write(request.messages()));
        JsonNode toolChoice = request.tools().isEmpty() ? null : AnthropicTools.toolChoice(request.toolChoice());
        if (!request.tools().isEmpty()) {
            body.set("tools", AnthropicTools.write(request.tools()));
            Json.putIfSet(body, "tool_choice", toolChoice);
        }
        int maxTokens = maxTokens(options, backend);
        JsonNode thinking = AnthropicThinking.of(request, toolChoice);
        Json.putIfSet(body, "thinking", thinking);
        Integer budget = AnthropicThinking.budget(thinking);
        if (budget != null && maxTokens <= budget) {
            maxTokens += budget;            // max_tokens counts thinking too and must exceed the budget
        }
        if (!AnthropicThinking.on(thinking)) {
            // Anthropic refuses temperature and top_k changes while thinking, so only without it
            Json.putIfSet(body, "temperature", options.temperature());
            Json.putIfSet(body, "top_k", options.topK());
        }
        body.put("max_tokens", maxTokens);
        Json.putIfSet(body, "top_p", options.topP());
        Json.putIfSet(body, "stop_sequences", options.stop());
        body.put("stream", request.stream());
        return body;
    }

    private static int maxTokens(GenerationOptions options, Backend backend) {
        if (options.maxTokens() != null) {
            return options.maxTokens();
        }
        String configured = backend == null ? null : backend.setting("maxTokens").orElse(null);
        try {
            return configured == null ? DEFAULT_MAX_TOKENS : Integer.parseInt(configured.strip());
        } catch (NumberFormatException notANumber) {
            return DEFAULT_MAX_TOKENS;
        }
    }

    /** {@code x-api-key} and the API version; Anthropic ignores {@code Authorization: Bearer}. */
    @Override
    protected void authenticate(Message message, Backend backend) {
        if (backend.hasApiKey()) {
            message.setHeader("x-api-key", backend.apiKey());
        }
        message.setHeader("anthropic-version", VERSION);
    }

    /** {@code POST /v1/messages/count_tokens}: {@code {"input_tokens":14}}. */
    @Override
    public String tokenCountPath() {
        return "/v1/messages/count_tokens";
    }

    @Override
    protected FrameDecoder newFrameDecoder(Backend backend) {
        return new AnthropicFrameDecoder(backend.name());
    }

    /**
     * <pre>
     * {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
     *  "content":[{"type":"thinking","thinking":"Paris, so…","signature":"EqQBCgIYAhIM"},
     *             {"type":"text","text":"Let me check."},
     *             {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}],
     *  "stop_reason":"tool_use","stop_sequence":null,
     *  "usage":{"input_tokens":412,"output_tokens":87,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}
     * </pre>
     * The content blocks also go along as they are, for an Anthropic client (signatures, redacted thinking).
     */
    @Override
    protected ChatChunk decodeWhole(JsonNode body) {
        StringBuilder content = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        List<ToolCallDelta> calls = new ArrayList<>();
        for (JsonNode block : body.path("content")) {
            switch (String.valueOf(Json.text(block, "type"))) {
                case "text" -> content.append(block.path("text").asText());
                case "thinking" -> thinking.append(block.path("thinking").asText());
                case "tool_use" -> calls.add(new ToolCallDelta(calls.size(), Json.text(block, "id"),
                        Json.text(block, "name"), Json.write(block.path("input").isObject()
                                ? block.get("input") : Json.object())));
                default -> { }              // redacted_thinking, server tool blocks: for Anthropic clients only
            }
        }
        return new ChatChunk(content.length() == 0 ? null : content.toString(),
                thinking.length() == 0 ? null : thinking.toString(), calls,
                AnthropicFrameDecoder.finish(Json.text(body, "stop_reason")),
                AnthropicFrameDecoder.usage(body.get("usage"), null), Json.text(body, "model"), null, null,
                body.path("content").isArray() ? body.get("content") : null);
    }

    /**
     * {@code {"data":[{"type":"model","id":"claude-sonnet-4-5-20250929","display_name":"Claude Sonnet 4.5",
     * "created_at":"2025-09-29T00:00:00Z"}],"has_more":false,"first_id":"…","last_id":"…"}}. Only
     * the first page is read: its default limit (20) covers Anthropic's current models.
     */
    @Override
    protected List<ModelInfo> decodeModels(JsonNode body, Backend backend) {
        List<ModelInfo> models = new ArrayList<>();
        for (JsonNode model : body.path("data")) {
            String id = Json.text(model, "id");
            if (id != null) {
                models.add(new ModelInfo(backend.name(), id, created(Json.text(model, "created_at"))));
            }
        }
        return models;
    }

    private static long created(String rfc3339) {
        try {
            return rfc3339 == null ? 0 : OffsetDateTime.parse(rfc3339).toEpochSecond();
        } catch (DateTimeParseException notADate) {
            return 0;
        }
    }
}
