package dev.llmgateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.backend.UpstreamErrors;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Ids;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.stream.FrameDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the SSE data of an OpenAI-compatible stream:
 * <pre>
 * data: {"id":"c1","object":"chat.completion.chunk","model":"qwen3","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}
 * data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"ci"}}]},"finish_reason":null}]}
 * data: {"id":"c1","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}
 * data: [DONE]
 * </pre>
 * Tolerates what compatible servers get wrong (seen with vLLM, llama.cpp, LocalAI, LM Studio): tool-call deltas without
 * {@code index} or {@code id}, parallel calls that all claim index 0 but carry distinct ids,
 * arguments sent as an object, reasoning as {@code reasoning} or {@code reasoning_content},
 * errors inside a 200 stream ({@code data: {"error":{...}}}), and no {@code [DONE]} after a finish.
 */
final class OpenAiFrameDecoder implements FrameDecoder {

    private final String backend;
    private final Map<String, Integer> indexById = new HashMap<>();
    private final Map<Integer, String> idByIndex = new HashMap<>();
    private boolean ended;
    private boolean complete;

    OpenAiFrameDecoder(String backend) {
        this.backend = backend;
    }

    @Override
    public ChatChunk decode(String data, String event) {
        if (data.startsWith("[DONE]")) {
            ended = true;
            complete = true;
            return null;
        }
        JsonNode json = FrameDecoder.json(data, backend);
        JsonNode error = json.get("error");
        if (error != null && !error.isNull()) {
            throw GatewayException.upstream(backend, 502, UpstreamErrors.errorMessage(data));
        }
        JsonNode choice = json.path("choices").path(0);
        JsonNode delta = choice.has("delta") ? choice.get("delta") : choice.path("message");
        String thinking = Json.text(delta, "reasoning_content") != null
                ? Json.text(delta, "reasoning_content") : Json.text(delta, "reasoning");
        List<ToolCallDelta> calls = toolCalls(delta.get("tool_calls"));
        FinishReason finish = FinishReason.fromWire(Json.text(choice, "finish_reason"));
        complete |= finish != null;
        // a /completions chunk has the text in the choice: {"choices":[{"text":"Hel","index":0,"finish_reason":null}]}
        String content = choice.has("text") ? Json.text(choice, "text") : Json.text(delta, "content");
        ChatChunk chunk = new ChatChunk(content, thinking, calls, finish,
                OpenAiWire.readUsage(json.get("usage")), Json.text(json, "model"));
        boolean empty = !chunk.hasText() && calls.isEmpty() && finish == null && chunk.usage() == null;
        return empty ? null : chunk;
    }

    private List<ToolCallDelta> toolCalls(JsonNode toolCalls) {
        List<ToolCallDelta> deltas = new ArrayList<>();
        if (toolCalls != null && toolCalls.isObject()) {
            toolCalls = Json.MAPPER.createArrayNode().add(toolCalls);   // TGI 2.4 sends one object
        }
        if (toolCalls == null || !toolCalls.isArray()) {
            return deltas;
        }
        for (int position = 0; position < toolCalls.size(); position++) {
            JsonNode call = toolCalls.get(position);
            int index = call.has("index") ? call.get("index").asInt() : position;
            String id = Json.text(call, "id");
            if (id != null && id.isBlank()) {
                id = null;                                                // TGI sends "id":""
            }
            String announcedId = null;
            if (id != null && indexById.containsKey(id)) {
                index = indexById.get(id);
            } else if (id != null) {
                while (idByIndex.containsKey(index)) {
                    index++;                           // a second call that reuses index 0
                }
                announcedId = id;
            } else if (!idByIndex.containsKey(index)) {
                announcedId = Ids.toolCall();
            }
            if (announcedId != null) {
                indexById.put(announcedId, index);
                idByIndex.put(index, announcedId);
            }
            JsonNode function = call.path("function");
            deltas.add(new ToolCallDelta(index, announcedId, Json.text(function, "name"),
                    OpenAiWire.arguments(function.get("arguments"))));
        }
        return deltas;
    }


    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public boolean complete() {
        return complete;
    }
}
