package dev.llmgateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Ids;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * One Responses API response while it is made: its id, the request's settings it repeats, the
 * conversation so far (for {@code previous_response_id}) and its output items, which the whole
 * reply and the stream build alike:
 * <pre>
 * {"id":"resp_…","object":"response","created_at":1741476542,"status":"completed","model":"qwen3",
 *  "output":[{"type":"reasoning","id":"rs_…","summary":[{"type":"summary_text","text":"…"}]},
 *            {"type":"message","id":"msg_…","status":"completed","role":"assistant","content":[{"type":"output_text","text":"…","annotations":[]}]},
 *            {"type":"function_call","id":"fc_…","call_id":"call_…","name":"get_weather","arguments":"{…}","status":"completed"}],
 *  "usage":{"input_tokens":36,"input_tokens_details":{"cached_tokens":0},"output_tokens":87,
 *           "output_tokens_details":{"reasoning_tokens":0},"total_tokens":123},…}
 * </pre>
 *
 * @param history the conversation without the instructions (which a following response does not
 *                inherit), to which the reply is added when the response is stored
 */
record ResponseDraft(String id, long createdAt, JsonNode request, List<ChatMessage> history, boolean store, String owner) {

    static ResponseDraft of(JsonNode request, List<ChatMessage> history, String owner) {
        return new ResponseDraft(Ids.random("resp_"), System.currentTimeMillis() / 1000, request, List.copyOf(history),
                Json.bool(request, "store", true), owner);
    }

    /** The response object in {@code status}, without output or usage yet. */
    ObjectNode envelope(String model, String status) {
        ObjectNode json = Json.object().put("id", id).put("object", "response").put("created_at", createdAt)
                .put("status", status);
        json.putNull("error");
        json.putNull("incomplete_details");
        json.set("instructions", request.path("instructions").isMissingNode() ? null : request.get("instructions"));
        json.set("max_output_tokens", request.get("max_output_tokens"));
        json.put("model", model);
        json.putArray("output");
        json.put("parallel_tool_calls", request.path("parallel_tool_calls").asBoolean(true));
        json.set("previous_response_id", request.get("previous_response_id"));
        ObjectNode reasoning = json.putObject("reasoning");
        reasoning.set("effort", request.path("reasoning").get("effort"));
        reasoning.set("summary", request.path("reasoning").get("summary"));
        json.put("store", store);
        json.put("temperature", request.path("temperature").asDouble(1.0));
        json.set("text", request.has("text") ? request.get("text") : Json.object().set("format", Json.object().put("type", "text")));
        json.set("tool_choice", request.has("tool_choice") ? request.get("tool_choice") : Json.MAPPER.getNodeFactory().textNode("auto"));
        json.set("tools", request.has("tools") ? request.get("tools") : Json.MAPPER.createArrayNode());
        json.put("top_p", request.path("top_p").asDouble(1.0));
        json.put("truncation", "disabled");
        json.putNull("usage");
        json.set("user", request.get("user"));
        json.set("metadata", request.has("metadata") ? request.get("metadata") : Json.object());
        for (String field : List.of("instructions", "max_output_tokens", "previous_response_id", "user")) {
            if (json.get(field) == null) {
                json.putNull(field);
            }
        }
        return json;
    }

    /** The finished response: its items, completed or (cut at the token limit) incomplete, and usage. */
    ObjectNode finished(String model, List<ObjectNode> items, ChatResponse reply) {
        boolean cut = reply.finishReason() == FinishReason.LENGTH;
        ObjectNode json = envelope(model, cut ? "incomplete" : "completed");
        if (cut) {
            json.putObject("incomplete_details").put("reason", "max_output_tokens");
        }
        ArrayNode output = json.putArray("output");
        items.forEach(output::add);
        json.set("usage", usage(reply.usage()));
        return json;
    }

    /** The failed response, with the error's code and message. */
    ObjectNode failed(String model, List<ObjectNode> items, String code, String message) {
        ObjectNode json = envelope(model, "failed");
        json.putObject("error").put("code", code).put("message", message);
        ArrayNode output = json.putArray("output");
        items.forEach(output::add);
        return json;
    }

    /** The whole reply's output items, completed. */
    static List<ObjectNode> items(ChatResponse reply) {
        List<ObjectNode> items = new ArrayList<>();
        ChatMessage message = reply.message();
        if (message.thinking() != null && !message.thinking().isEmpty()) {
            items.add(reasoningItem(Ids.random("rs_"), message.thinking()));
        }
        if (!message.content().isEmpty() || message.toolCalls().isEmpty()) {
            items.add(messageItem(Ids.random("msg_"), message.content(), "completed"));
        }
        for (ToolCall call : message.toolCalls()) {
            items.add(functionCallItem(Ids.random("fc_"), call.id(), call.name(), call.arguments(), "completed"));
        }
        return items;
    }

    static ObjectNode reasoningItem(String itemId, String summary) {
        ObjectNode item = Json.object().put("type", "reasoning").put("id", itemId);
        ArrayNode parts = item.putArray("summary");
        if (summary != null) {
            parts.addObject().put("type", "summary_text").put("text", summary);
        }
        return item;
    }

    static ObjectNode messageItem(String itemId, String text, String status) {
        ObjectNode item = Json.object().put("type", "message").put("id", itemId).put("status", status).put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(outputText(text));
        }
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = Json.object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    static ObjectNode functionCallItem(String itemId, String callId, String name, String arguments, String status) {
        return Json.object().put("type", "function_call").put("id", itemId).put("call_id", callId).put("name", name)
                .put("arguments", arguments == null ? "" : arguments).put("status", status);
    }

    /** The conversation a following response continues: the history, then this reply as its items say. */
    List<ChatMessage> continued(List<ObjectNode> items) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (ObjectNode item : items) {
            switch (Json.text(item, "type")) {
                case "message" -> item.path("content").forEach(part -> text.append(part.path("text").asText()));
                case "reasoning" -> item.path("summary").forEach(part -> thinking.append(part.path("text").asText()));
                case "function_call" -> calls.add(new ToolCall(Json.text(item, "call_id"), Json.text(item, "name"),
                        Json.text(item, "arguments")));
                default -> { }
            }
        }
        List<ChatMessage> conversation = new ArrayList<>(history);
        conversation.add(new ChatMessage(Role.ASSISTANT, text.toString(), null, thinking.isEmpty() ? null : thinking.toString(),
                calls, null, null));
        return conversation;
    }

    static ObjectNode usage(Usage usage) {
        int in = usage == null ? 0 : usage.promptTokens();
        int out = usage == null ? 0 : usage.completionTokens();
        ObjectNode json = Json.object().put("input_tokens", in);
        json.putObject("input_tokens_details").put("cached_tokens", usage == null || usage.cacheReadInputTokens() == null
                ? 0 : usage.cacheReadInputTokens());
        json.put("output_tokens", out);
        json.putObject("output_tokens_details").put("reasoning_tokens", 0);
        json.put("total_tokens", in + out);
        return json;
    }
}
