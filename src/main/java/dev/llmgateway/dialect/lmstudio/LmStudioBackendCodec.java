package dev.llmgateway.dialect.lmstudio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendCodec;
import dev.llmgateway.backend.EmbeddingWire;
import dev.llmgateway.dialect.openai.OpenAiEmbeddingWire;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.GenerationOptions;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.model.Role;
import dev.llmgateway.stream.FrameDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Backend codec for LM Studio's native REST API ({@code POST {baseUrl}/api/v1/chat}, LM Studio
 * 0.4 and later; {@code baseUrl} is the server root, without {@code /v1}).
 * <pre>
 * {"model":"qwen/qwen3-8b","system_prompt":"Be brief.","input":"Why is the sky blue?",
 *  "stream":true,"temperature":0.2,"max_output_tokens":256,"store":false}
 * </pre>
 * The API is stateful by design: {@code input} is one user turn and earlier turns live on the
 * server, reached with {@code previous_response_id} (docs: rest/stateful-chats.md). {@code input}
 * items have a type ({@code message}, {@code image}) but no role. The gateway is stateless, so it
 * sends {@code store:false} and carries the history itself: one user message goes as it is; a
 * longer conversation goes as a plain transcript, one {@code "User: …"} / {@code "Assistant: …"}
 * paragraph per turn, which LM Studio wraps in a single user turn of the model's chat template.
 * System messages become {@code system_prompt}. With images, {@code input} is an array of
 * {@code {"type":"message","content"}} and {@code {"type":"image","data_url"}} items in order.
 * <p>
 * Tools are refused: the native API only runs server-side MCP/plugin tools, never the client's
 * functions. {@code stop}, {@code seed} and the penalties have no native field and are dropped;
 * {@code response_format} is refused rather than silently answered with free text.
 */
public class LmStudioBackendCodec extends BackendCodec {

    private static final EmbeddingWire EMBEDDINGS = new OpenAiEmbeddingWire("/v1/embeddings");

    @Override
    public String dialect() {
        return "lmstudio";
    }

    @Override
    protected String chatPath(ChatRequest request, Backend backend) {
        return "/api/v1/chat";
    }

    @Override
    protected String modelsPath(Backend backend) {
        return "/api/v1/models";
    }

    private static final String USE_OPENAI = "; configure this backend with endpointType=openai "
            + "(LM Studio's /v1/chat/completions) for that";

    @Override
    protected ObjectNode encode(ChatRequest request) {
        refuseUnsupported(request);
        ObjectNode body = Json.object().put("model", request.model());
        List<String> system = new ArrayList<>();
        List<ChatMessage> turns = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            if (message.role() == Role.SYSTEM) {
                system.add(message.content());
            } else {
                turns.add(message);
            }
        }
        if (!system.isEmpty()) {
            body.put("system_prompt", String.join("\n\n", system));
        }
        body.set("input", input(turns));
        body.put("stream", request.stream());
        GenerationOptions options = request.options();
        Json.putIfSet(body, "temperature", options.temperature());
        Json.putIfSet(body, "top_p", options.topP());
        Json.putIfSet(body, "top_k", options.topK());
        Json.putIfSet(body, "max_output_tokens", options.maxTokens());
        Json.putIfSet(body, "context_length", options.contextLength());
        Json.putIfSet(body, "reasoning", options.reasoning());     // off|low|medium|high|on, as LM Studio names them
        body.put("store", false);
        return body;
    }

    private static void refuseUnsupported(ChatRequest request) {
        boolean toolHistory = request.messages().stream()
                .anyMatch(m -> m.role() == Role.TOOL || !m.toolCalls().isEmpty());
        if (!request.tools().isEmpty() || toolHistory) {
            throw GatewayException.badRequest("LM Studio's native API (endpointType=native) does not support "
                    + "client-side tools or tool calls in the history" + USE_OPENAI);
        }
        String format = Json.text(request.options().responseFormat(), "type");
        if (format != null && !format.equals("text")) {
            throw GatewayException.badRequest("LM Studio's native API (endpointType=native) does not support "
                    + "response_format '" + format + "'" + USE_OPENAI);
        }
    }

    /** A string, or an array of message and image items when any turn carries images. */
    private static JsonNode input(List<ChatMessage> turns) {
        boolean transcript = turns.size() > 1;
        boolean images = turns.stream().anyMatch(m -> !m.images().isEmpty());
        if (!images) {
            List<String> texts = new ArrayList<>();
            turns.forEach(m -> texts.add(text(m, transcript)));
            return Json.MAPPER.getNodeFactory().textNode(String.join("\n\n", texts));
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (ChatMessage message : turns) {
            String text = text(message, transcript);
            if (!text.isEmpty()) {
                items.addObject().put("type", "message").put("content", text);
            }
            for (String url : message.images()) {
                if (!url.startsWith("data:")) {
                    throw GatewayException.badRequest("LM Studio accepts only inline images (data: URLs), not " + url);
                }
                items.addObject().put("type", "image").put("data_url", url);
            }
        }
        return items;
    }

    private static String text(ChatMessage message, boolean transcript) {
        if (!transcript) {
            return message.content();
        }
        String label = message.role() == Role.ASSISTANT ? "Assistant:" : "User:";
        return message.content().isEmpty() ? label : label + " " + message.content();
    }

    /** LM Studio's OpenAI-compatible {@code /v1/embeddings}: the native API has none. */
    @Override
    public EmbeddingWire embeddingWire() {
        return EMBEDDINGS;
    }

    @Override
    protected FrameDecoder newFrameDecoder(Backend backend) {
        return new LmStudioFrameDecoder(backend.name());
    }

    /**
     * Message items are the answer, reasoning items its thinking; tool_call items (server-side
     * MCP tools, never enabled by the gateway) are skipped.
     * <pre>
     * {"model_instance_id":"qwen/qwen3-8b",
     *  "output":[{"type":"reasoning","content":"The user greets me."},{"type":"message","content":"Hello!"}],
     *  "stats":{"input_tokens":12,"total_output_tokens":9,"reasoning_output_tokens":5,
     *           "tokens_per_second":41.2,"time_to_first_token_seconds":0.21}}
     * </pre>
     */
    @Override
    protected ChatChunk decodeWhole(JsonNode body) {
        StringBuilder content = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        for (JsonNode item : body.path("output")) {
            String type = Json.text(item, "type");
            String text = Json.text(item, "content");
            if (text != null && "message".equals(type)) {
                content.append(text);
            } else if (text != null && "reasoning".equals(type)) {
                thinking.append(text);
            }
        }
        return new ChatChunk(content.length() == 0 ? null : content.toString(),
                thinking.length() == 0 ? null : thinking.toString(), List.of(),
                LmStudioFrameDecoder.finish(body), LmStudioFrameDecoder.usage(body),
                Json.text(body, "model_instance_id"));
    }

    /**
     * Lists LLMs only; embedding models cannot chat. The list carries no date.
     * <pre>
     * {"models":[{"type":"llm","publisher":"qwen","key":"qwen/qwen3-8b","display_name":"Qwen3 8B",…},
     *            {"type":"embedding","publisher":"nomic-ai","key":"text-embedding-nomic-embed-text-v1.5",…}]}
     * </pre>
     */
    @Override
    protected List<ModelInfo> decodeModels(JsonNode body, Backend backend) {
        List<ModelInfo> models = new ArrayList<>();
        for (JsonNode model : body.path("models")) {
            if ("llm".equals(Json.text(model, "type")) && Json.text(model, "key") != null) {
                models.add(new ModelInfo(backend.name(), Json.text(model, "key"), 0));
            }
        }
        return models;
    }
}
