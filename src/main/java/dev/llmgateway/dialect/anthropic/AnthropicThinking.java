package dev.llmgateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Role;
import java.util.List;

/**
 * The {@code thinking} object of a request to Anthropic: an Anthropic client's as it sent it
 * ({@code {"type":"enabled","budget_tokens":2048}}, {@code {"type":"adaptive"}}, {@code {"type":"disabled"}}),
 * else the budget of the request's reasoning level. It is left out where Anthropic would refuse it
 * because of what the gateway cannot send: with a forced tool choice (which thinking does not
 * allow), and inside a tool loop whose last assistant turn does not begin with signed thinking, as
 * Anthropic wants it back unchanged:
 * <pre>
 * {"role":"assistant","content":[{"type":"thinking","thinking":"Let me check","signature":"EqQBCgIYAhIM…"},
 *   {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}]}
 * </pre>
 * An Anthropic client's tool loop has it; the reasoning of other backends has no signature.
 */
final class AnthropicThinking {

    private AnthropicThinking() {
    }

    /** The thinking to ask for, or null for none. */
    static JsonNode of(ChatRequest request, JsonNode toolChoice) {
        JsonNode thinking = request.options().anthropicThinking();
        if (thinking == null) {
            Integer budget = budget(request.options().reasoning());
            thinking = budget == null ? null : Json.object().put("type", "enabled").put("budget_tokens", budget);
        }
        if (thinking == null || "disabled".equals(Json.text(thinking, "type"))) {
            return thinking;
        }
        String forced = Json.text(toolChoice, "type");
        if ("any".equals(forced) || "tool".equals(forced)) {
            return null;
        }
        return inToolLoopWithoutSignedThinking(request.messages()) ? null : thinking;
    }

    /** Whether the model thinks: Anthropic then refuses changes of temperature and top_k. */
    static boolean on(JsonNode thinking) {
        return thinking != null && !"disabled".equals(Json.text(thinking, "type"));
    }

    /** The budget of an enabled thinking, or null. */
    static Integer budget(JsonNode thinking) {
        return "enabled".equals(Json.text(thinking, "type")) && thinking.path("budget_tokens").canConvertToInt()
                ? thinking.path("budget_tokens").asInt() : null;
    }

    private static Integer budget(String reasoning) {
        return reasoning == null ? null : switch (reasoning) {
            case "on", "medium" -> 4096;
            case "low" -> 1024;
            case "high" -> 16384;
            default -> null;
        };
    }

    private static boolean inToolLoopWithoutSignedThinking(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage message = messages.get(i);
            if (message.role() == Role.ASSISTANT) {
                return !message.toolCalls().isEmpty() && !startsSigned(message);
            }
            if (message.role() == Role.USER) {
                return false;              // a new user turn: the tool loop is over
            }
        }
        return false;
    }

    private static boolean startsSigned(ChatMessage message) {
        JsonNode first = message.anthropicContent() == null ? null : message.anthropicContent().path(0);
        String type = Json.text(first, "type");
        return "redacted_thinking".equals(type)
                || "thinking".equals(type) && !first.path("signature").asText("").isEmpty();
    }
}
