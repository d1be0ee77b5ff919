package dev.llmgateway.dialect.anthropic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.Usage;

/**
 * Anthropic Messages replies, for the Anthropic front door:
 * <pre>
 * {"id":"msg_…","type":"message","role":"assistant","model":"llama3.2",
 *  "content":[{"type":"text","text":"Hi!"},{"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}}],
 *  "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":30}}
 * {"type":"error","error":{"type":"not_found_error","message":"…"}}
 * </pre>
 * The content of an Anthropic backend's reply is given as it came, signed thinking and
 * {@code redacted_thinking} included; other backends' reasoning shows as unsigned thinking.
 */
final class AnthropicReplies {

    private AnthropicReplies() {
    }

    static ObjectNode message(String id, String model, ChatResponse reply) {
        ObjectNode body = Json.object().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        ArrayNode content = body.putArray("content");
        if (reply.message().anthropicContent() != null) {
            reply.message().anthropicContent().forEach(content::add);
        } else {
            writeContent(content, reply);
        }
        body.put("stop_reason", stopReason(reply.finishReason())).putNull("stop_sequence");
        body.set("usage", usage(reply.usage()));
        return body;
    }

    private static void writeContent(ArrayNode content, ChatResponse reply) {
        if (reply.message().thinking() != null) {
            content.addObject().put("type", "thinking").put("thinking", reply.message().thinking()).put("signature", "");
        }
        if (!reply.message().content().isEmpty() || reply.message().toolCalls().isEmpty()) {
            content.addObject().put("type", "text").put("text", reply.message().content());
        }
        for (ToolCall call : reply.message().toolCalls()) {
            content.add(toolUse(call));
        }
    }

    static ObjectNode toolUse(ToolCall call) {
        ObjectNode block = Json.object().put("type", "tool_use").put("id", call.id()).put("name", call.name());
        block.set("input", AnthropicMessages.input(call.arguments()));
        return block;
    }

    /**
     * {@code {"input_tokens":25,"output_tokens":87,"cache_creation_input_tokens":0,"cache_read_input_tokens":1800}}:
     * Anthropic's {@code input_tokens} leaves the prompt-cache counts out, which the internal prompt
     * count includes; those are written when the backend sent them.
     */
    static ObjectNode usage(Usage usage) {
        if (usage == null) {
            return Json.object().put("input_tokens", 0).put("output_tokens", 0);
        }
        int written = usage.cacheCreationInputTokens() == null ? 0 : usage.cacheCreationInputTokens();
        int read = usage.cacheReadInputTokens() == null ? 0 : usage.cacheReadInputTokens();
        ObjectNode node = Json.object().put("input_tokens", Math.max(0, usage.promptTokens() - written - read))
                .put("output_tokens", usage.completionTokens());
        Json.putIfSet(node, "cache_creation_input_tokens", usage.cacheCreationInputTokens());
        Json.putIfSet(node, "cache_read_input_tokens", usage.cacheReadInputTokens());
        return node;
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
