package dev.llmgateway.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A request's tool loop made consistent for every backend, in the dispatch before any backend is
 * chosen: its {@code tool_choice} is one the gateway can carry (auto, none, required, or a named
 * function among the request's tools), and its history is paired: each tool call has an id,
 * and each tool result names the id and the function of the call it answers, follows that call's
 * assistant message and, with the other results of the same turn, comes in the order of the calls.
 * Clients send tool results in every shape their API allows, and each backend needs another:
 * OpenAI pairs by id, Anthropic by id with all results of a turn in one message, Gemini by function
 * name in call order, Ollama by name or by order alone. A result is paired with a call of the
 * latest assistant turn that is still unanswered: the one with its id; else the first with its
 * function name; else the first. Spring AI's Ollama client, for one, sends only
 * <pre>
 * {"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},
 * {"role":"tool","content":"Sunny, 21 °C in Paris"}
 * </pre>
 * A call left without a result, or a result that answers no call, is a 400 naming it: every
 * backend refuses such a history, each in its own words, or silently answers something else.
 */
public final class ToolLoop {

    private ToolLoop() {
    }

    /** The request with its tool history paired; the request itself when it has none. */
    public static ChatRequest prepared(ChatRequest request) {
        checkChoice(request.toolChoice(), request.tools());
        boolean toolLoop = false;
        for (ChatMessage message : request.messages()) {
            toolLoop |= message.role() == Role.TOOL || !message.toolCalls().isEmpty();
        }
        return toolLoop ? request.withMessages(pair(request.messages())) : request;
    }

    /** The messages with their tool loop paired (see above). */
    public static List<ChatMessage> pair(List<ChatMessage> messages) {
        List<ChatMessage> paired = new ArrayList<>(messages.size());
        List<ToolCall> turn = List.of();             // the calls of the latest assistant turn
        List<ToolCall> open = new ArrayList<>();     // those of them still without a result
        List<ChatMessage> results = new ArrayList<>();
        for (ChatMessage message : messages) {
            if (message.role() == Role.TOOL) {
                ToolCall call = answered(message, open);
                open.remove(call);
                results.add(new ChatMessage(Role.TOOL, message.content(), message.images(), message.thinking(), null,
                        call.id(), call.name(), message.anthropicContent()));
                continue;
            }
            boolean moreCalls = !message.toolCalls().isEmpty() && results.isEmpty() && !open.isEmpty();
            if (!moreCalls) {        // some clients split one turn's calls over assistant messages in a row
                requireAnswered(open);
                paired.addAll(inCallOrder(results, turn));
                results.clear();
                turn = List.of();
            }
            if (!message.toolCalls().isEmpty()) {
                List<ToolCall> calls = withIds(message.toolCalls(), turn);
                turn = new ArrayList<>(turn);
                turn.addAll(calls);
                open.addAll(calls);
                message = new ChatMessage(message.role(), message.content(), message.images(), message.thinking(), calls,
                        message.toolCallId(), message.toolName(), message.anthropicContent());
            }
            paired.add(message);
        }
        requireAnswered(open);
        paired.addAll(inCallOrder(results, turn));
        return paired;
    }

    /**
     * OpenAI's shapes, which the request carries whatever its front door: {@code "auto"},
     * {@code "none"}, {@code "required"}, {@code {"type":"function","function":{"name":"get_weather"}}}.
     */
    private static void checkChoice(JsonNode choice, List<ToolDefinition> tools) {
        if (choice == null || choice.isNull() || choice.isTextual() && choice.asText().equals("auto")
                || choice.isTextual() && choice.asText().equals("none")) {
            return;
        }
        String named = choice.isObject() ? choice.path("function").path("name").asText(null) : null;
        if (!(choice.isTextual() && choice.asText().equals("required")) && named == null) {
            throw GatewayException.badRequest("tool_choice must be \"auto\", \"none\", \"required\" or"
                    + " {\"type\":\"function\",\"function\":{\"name\":…}}, not " + choice);
        }
        if (tools.isEmpty()) {
            throw GatewayException.badRequest("tool_choice " + choice + " needs tools: the request has none");
        }
        if (named != null && tools.stream().noneMatch(tool -> tool.name().equals(named))) {
            throw GatewayException.badRequest("tool_choice names the function '" + named + "', which is not among the"
                    + " request's tools");
        }
    }

    /** The open call a result answers: by id, else by function name, else the first one. */
    private static ToolCall answered(ChatMessage result, List<ToolCall> open) {
        for (ToolCall call : open) {
            if (call.id().equals(result.toolCallId())) {
                return call;
            }
        }
        for (ToolCall call : open) {
            if (result.toolName() != null && result.toolName().equals(call.name())) {
                return call;
            }
        }
        if (open.isEmpty()) {
            throw GatewayException.badRequest("the tool result " + describe(result.toolCallId(), result.toolName())
                    + " answers no tool call: a tool result must follow the assistant message with its call,"
                    + " one result per call");
        }
        return open.get(0);
    }

    private static void requireAnswered(List<ToolCall> open) {
        if (!open.isEmpty()) {
            ToolCall call = open.get(0);
            throw GatewayException.badRequest("the tool call " + describe(call.id(), call.name()) + " has no result:"
                    + " send a tool message for each call of an assistant message right after it");
        }
    }

    private static List<ChatMessage> inCallOrder(List<ChatMessage> results, List<ToolCall> turn) {
        List<String> order = turn.stream().map(ToolCall::id).toList();
        return results.stream().sorted(Comparator.comparingInt(result -> order.indexOf(result.toolCallId()))).toList();
    }

    /** The calls, each with an id of its own: a missing or repeated one (within the turn) is made. */
    private static List<ToolCall> withIds(List<ToolCall> calls, List<ToolCall> turn) {
        List<ToolCall> identified = new ArrayList<>(calls.size());
        for (ToolCall call : calls) {
            boolean unique = call.id() != null && !call.id().isBlank()
                    && Stream.concat(turn.stream(), identified.stream()).noneMatch(other -> other.id().equals(call.id()));
            identified.add(unique ? call : new ToolCall(Ids.toolCall(), call.name(), call.arguments()));
        }
        return identified;
    }

    private static String describe(String id, String name) {
        return (name == null ? "" : "'" + name + "' ") + (id == null ? "(no id)" : "(id '" + id + "')");
    }
}
