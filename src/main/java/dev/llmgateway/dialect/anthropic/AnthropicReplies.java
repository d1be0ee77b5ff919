package dev.llmgateway.dialect.anthropic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.ToolCall;

/**
 * Anthropic Messages replies, for the Anthropic front door:
 * <pre>
 * {"id":"msg_…","type":"message","role":"assistant","model":"llama3.2",
 *  "content":[{"type":"text","text":"Hi!"},{"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}}],
 *  "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":30}}
 * {"type":"error","error":{"type":"not_found_error","message":"…"}}
 * </pre>
 */
final class AnthropicReplies {

    private AnthropicReplies() {
    }

    static ObjectNode message(String id, String model, ChatResponse reply) {
        ObjectNode body = Json.object().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        ArrayNode content = body.putArray("content");
        if (reply.message().thinking() != null) {
            content.addObject().put("type", "thinking").put("thinking", reply.message().thinking()).put("signature", "");
        }
        if (!reply.message().content().isEmpty() || reply.message().toolCalls().isEmpty()) {
            content.addObject().put("type", "text").put("text", reply.message().content());
        }
        for (ToolCall call : reply.message().toolCalls()) {
            content.add(toolUse(call));
        }
        body.put("stop_reason", stopReason(reply.finishReason())).putNull("stop_sequence");
        body.set("usage", usage(reply));
        return body;
    }

    static ObjectNode toolUse(ToolCall call) {
        ObjectNode block = Json.object().put("type", "tool_use").put("id", call.id()).put("name", call.name());
        block.set("input", AnthropicMessages.input(call.arguments()));
        return block;
    }

    static ObjectNode usage(ChatResponse reply) {
        int input = reply.usage() == null ? 0 : reply.usage().promptTokens();
        int output = reply.usage() == null ? 0 : reply.usage().completionTokens();
        return Json.object().put("input_tokens", input).put("output_tokens", output);
    }

    static String stopReason(FinishReason reason) {
        return switch (reason == null ? FinishReason.STOP : reason) {
            case LENGTH -> "max_tokens";
            case TOOL_CALLS -> "tool_use";
            case CONTENT_FILTER -> "refusal";
            default -> "end_turn";
        };
    }

    static ObjectNode error(GatewayException error) {
        String type = switch (error.status()) {
            case 400, 415, 422 -> "invalid_request_error";
            case 413 -> "request_too_large";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> "api_error";
        };
        ObjectNode body = Json.object().put("type", "error");
        body.putObject("error").put("type", type).put("message", error.getMessage());
        return body;
    }
}
