package dev.llmgateway.dialect.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.backend.UpstreamErrors;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Ids;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.Usage;
import dev.llmgateway.stream.FrameDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the SSE data of {@code :streamGenerateContent?alt=sse}, each a whole
 * GenerateContentResponse whose parts are increments:
 * <pre>
 * data: {"candidates": [{"content": {"parts": [{"text": "**Greeting** The user says hi.","thought": true}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 4,"totalTokenCount": 4},"modelVersion": "gemini-2.5-flash","responseId": "k3ZJaP2aNcbWz7IP-MqC8A0"}
 *
 * data: {"candidates": [{"content": {"parts": [{"functionCall": {"name": "get_weather","args": {"city": "Paris"}},"thoughtSignature": "CiQB0e2Kb…"}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 52,"candidatesTokenCount": 15,"totalTokenCount": 102,"thoughtsTokenCount": 35},"modelVersion": "gemini-2.5-flash","responseId": "k3ZJaP2aNcbWz7IP-MqC8A0"}
 * </pre>
 * There is no {@code [DONE]}: the reply is complete once a chunk carried a finishReason (or the
 * prompt was blocked), and the stream then ends at EOF. A function call arrives whole, so it
 * becomes one delta with a gateway id (Gemini usually sends none) and the args as JSON text.
 * The same mapping decodes the whole reply of {@code :generateContent}.
 */
final class GeminiFrameDecoder implements FrameDecoder {

    private final String backend;
    private int nextCallIndex;
    private boolean calledFunctions;
    private boolean complete;

    GeminiFrameDecoder(String backend) {
        this.backend = backend;
    }

    @Override
    public ChatChunk decode(String data, String event) {
        JsonNode json = FrameDecoder.json(data, backend);
        ChatChunk chunk = chunk(json);
        boolean empty = !chunk.hasText() && chunk.toolCalls().isEmpty() && chunk.finishReason() == null
                && chunk.usage() == null;
        return empty ? null : chunk;
    }

    /** One response (a stream chunk or a whole reply) as a chunk; its finish reason may be null. */
    ChatChunk chunk(JsonNode json) {
        JsonNode error = json.get("error");
        if (error != null && !error.isNull()) {
            int code = error.path("code").asInt();
            throw GatewayException.upstream(backend, code >= 400 && code < 600 ? code : 502,
                    UpstreamErrors.errorMessage(Json.write(json)));
        }
        JsonNode candidate = json.path("candidates").path(0);
        StringBuilder content = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        List<ToolCallDelta> calls = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            String text = Json.text(part, "text");
            JsonNode call = part.get("functionCall");
            if (call != null && call.isObject()) {
                calls.add(toolCall(call));
            } else if (text != null && part.path("thought").asBoolean(false)) {
                thinking.append(text);
            } else if (text != null) {
                content.append(text);
            }
        }
        FinishReason finish = finish(json, Json.text(candidate, "finishReason"));
        complete |= finish != null;
        return new ChatChunk(content.length() == 0 ? null : content.toString(),
                thinking.length() == 0 ? null : thinking.toString(), calls, finish,
                usage(json.get("usageMetadata")), Json.text(json, "modelVersion"));
    }

    /** Gemini's own call id when it sends one (Gemini 3 may), else a gateway one. */
    private ToolCallDelta toolCall(JsonNode call) {
        calledFunctions = true;
        String id = Json.text(call, "id");
        JsonNode args = call.get("args");
        String arguments = args == null || args.isNull() ? "{}" : Json.write(args);
        return new ToolCallDelta(nextCallIndex++, id == null || id.isBlank() ? Ids.toolCall() : id,
                Json.text(call, "name"), arguments);
    }

    /**
     * Gemini says STOP after function calls too, so STOP becomes TOOL_CALLS once the reply called
     * a function. A prompt blocked before any candidate ({@code promptFeedback.blockReason}) ends
     * the reply as well, or the stream would look truncated.
     */
    private FinishReason finish(JsonNode json, String reason) {
        if (reason == null) {
            return json.path("promptFeedback").hasNonNull("blockReason") ? FinishReason.CONTENT_FILTER : null;
        }
        return switch (reason) {
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
                 "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT" -> FinishReason.CONTENT_FILTER;
            case "STOP" -> calledFunctions ? FinishReason.TOOL_CALLS : FinishReason.STOP;
            default -> FinishReason.STOP;
        };
    }

    /**
     * Thinking tokens are reported apart from {@code candidatesTokenCount} and added to the
     * completion, as OpenAI counts reasoning tokens. Early chunks may carry partial metadata
     * (Vertex sends only {@code trafficType}), so a chunk without a prompt count has no usage.
     */
    static Usage usage(JsonNode metadata) {
        if (metadata == null || !metadata.has("promptTokenCount")) {
            return null;
        }
        return new Usage(metadata.path("promptTokenCount").asInt(),
                metadata.path("candidatesTokenCount").asInt() + metadata.path("thoughtsTokenCount").asInt());
    }

    @Override
    public boolean ended() {
        return false;             // read to EOF: usage or a late error may still follow the finish
    }

    @Override
    public boolean complete() {
        return complete;
    }
}
