package dev.llmgateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendCodec;
import dev.llmgateway.backend.EmbeddingWire;
import dev.llmgateway.dialect.FunctionTools;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.stream.FrameDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Backend codec for OpenAI-compatible servers ({@code POST {baseUrl}/chat/completions}): OpenAI,
 * LM Studio, vLLM, llama.cpp server, LocalAI, TGI. Streams are requested with
 * {@code stream_options.include_usage} so the final usage chunk ({@code "choices":[]}) arrives.
 */
public class OpenAiBackendCodec extends BackendCodec {

    private static final EmbeddingWire EMBEDDINGS = new OpenAiEmbeddingWire("/embeddings");

    @Override
    public String dialect() {
        return "openai";
    }

    @Override
    protected String chatPath(ChatRequest request, Backend backend) {
        return completesText(request, backend) ? "/completions" : "/chat/completions";
    }

    /**
     * OpenAI-compatible servers (vLLM, llama.cpp, LM Studio, LocalAI, TGI; OpenAI's instruct models)
     * complete a prompt at {@code /completions}, with a {@code suffix} where the server supports it.
     * A completion with a system prompt (Ollama's {@code system}, which {@code /completions} has no
     * field for) goes as a chat.
     */
    @Override
    public boolean completesText(ChatRequest request, Backend backend) {
        return request.completion() != null && request.completion().system() == null;
    }

    @Override
    protected String modelsPath(Backend backend) {
        return "/models";
    }

    @Override
    protected ObjectNode encode(ChatRequest request) {
        if (completesText(request, null)) {
            return OpenAiWire.writeCompletion(request);
        }
        ObjectNode body = Json.object().put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        request.messages().forEach(m -> messages.add(OpenAiWire.writeMessage(m)));
        if (!request.tools().isEmpty()) {
            body.set("tools", FunctionTools.write(request.tools()));
            Json.putIfSet(body, "tool_choice", request.toolChoice());
        }
        OpenAiWire.writeOptions(request.options(), body);
        body.put("stream", request.stream());
        if (request.stream()) {
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    /**
     * Per-backend quirks of OpenAI-compatible servers, as settings rather than code:
     * <ul>
     *   <li>{@code upstreamModel}: the model name to send whatever the client asked for (Hugging Face
     *       TGI treats any other name as a LoRA adapter id and wants {@code tgi});</li>
     *   <li>{@code maxTokensField}: {@code max_tokens} or {@code max_completion_tokens}; OpenAI's
     *       reasoning models reject the first, many local servers ignore the second, so the default
     *       is {@code max_completion_tokens} for api.openai.com and {@code max_tokens} elsewhere.</li>
     * </ul>
     */
    @Override
    protected ObjectNode encode(ChatRequest request, Backend backend) {
        ObjectNode body = encode(request);
        backend.setting("upstreamModel").ifPresent(model -> body.put("model", model));
        String field = backend.setting("maxTokensField")
                .orElse(backend.baseUrl().contains("api.openai.com") ? "max_completion_tokens" : "max_tokens");
        if (!field.equals("max_tokens") && body.has("max_tokens")) {
            body.set(field, body.remove("max_tokens"));
        }
        return body;
    }

    @Override
    public EmbeddingWire embeddingWire() {
        return EMBEDDINGS;
    }

    @Override
    protected FrameDecoder newFrameDecoder(Backend backend) {
        return new OpenAiFrameDecoder(backend.name());
    }

    /**
     * <pre>
     * {"id":"chatcmpl-1","object":"chat.completion","model":"qwen3",
     *  "choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
     *  "usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}
     * </pre>
     */
    @Override
    protected ChatChunk decodeWhole(JsonNode body) {
        JsonNode choice = body.path("choices").path(0);
        if (choice.has("text")) {                   // a /completions reply: {"choices":[{"text":"…","finish_reason":"stop"}]}
            FinishReason finish = FinishReason.fromWire(Json.text(choice, "finish_reason"));
            return new ChatChunk(Json.text(choice, "text"), null, List.of(), finish == null ? FinishReason.STOP : finish,
                    OpenAiWire.readUsage(body.get("usage")), Json.text(body, "model"));
        }
        JsonNode message = choice.path("message");
        List<ToolCallDelta> calls = new ArrayList<>();
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
            for (JsonNode node : toolCalls) {
                ToolCall call = OpenAiWire.readToolCall(node);
                calls.add(new ToolCallDelta(calls.size(), call.id(), call.name(), call.arguments()));
            }
        }
        String thinking = Json.text(message, "reasoning_content") != null
                ? Json.text(message, "reasoning_content") : Json.text(message, "reasoning");
        FinishReason finish = FinishReason.fromWire(Json.text(choice, "finish_reason"));
        return new ChatChunk(Json.text(message, "content"), thinking, calls,
                finish == null ? FinishReason.STOP : finish, OpenAiWire.readUsage(body.get("usage")),
                Json.text(body, "model"));
    }

    /** {@code {"object":"list","data":[{"id":"qwen3","object":"model","created":1700000000,"owned_by":"me"}]}} */
    @Override
    protected List<ModelInfo> decodeModels(JsonNode body, Backend backend) {
        List<ModelInfo> models = new ArrayList<>();
        for (JsonNode model : body.path("data")) {
            models.add(new ModelInfo(backend.name(), Json.text(model, "id"), model.path("created").asLong()));
        }
        return models;
    }
}
