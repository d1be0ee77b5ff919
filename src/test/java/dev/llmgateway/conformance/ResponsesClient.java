package dev.llmgateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The Responses API front door as its clients drive it: the OpenAI-shaped conversation of a
 * scenario as Responses input items (system → instructions, tool calls → function_call items, tool
 * results → function_call_output), and the answer, one response object or its semantic events,
 * read back into an {@link Outcome}.
 */
final class ResponsesClient {

    private ResponsesClient() {
    }

    static ObjectNode request(String model, ArrayNode messages, ArrayNode tools, boolean stream) {
        ObjectNode body = Json.object().put("model", model).put("stream", stream);
        ArrayNode input = body.putArray("input");
        for (JsonNode message : messages) {
            String role = message.path("role").asText();
            switch (role) {
                case "system" -> body.put("instructions", message.path("content").asText());
                case "tool" -> input.addObject().put("type", "function_call_output")
                        .put("call_id", message.path("tool_call_id").asText()).put("output", message.path("content").asText());
                default -> {
                    if (!message.path("content").asText("").isEmpty()) {
                        input.addObject().put("role", role).put("content", message.path("content").asText());
                    }
                    for (JsonNode call : message.path("tool_calls")) {
                        input.addObject().put("type", "function_call").put("call_id", call.path("id").asText())
                                .put("name", call.at("/function/name").asText()).put("arguments", call.at("/function/arguments").asText());
                    }
                }
            }
        }
        if (tools != null) {
            ArrayNode flat = body.putArray("tools");
            for (JsonNode tool : tools) {
                ObjectNode function = (ObjectNode) tool.path("function").deepCopy();
                function.put("type", "function");
                flat.add(function);
            }
        }
        return body;
    }

    static Outcome read(int status, String body, boolean stream) {
        Outcome outcome = new Outcome();
        outcome.status = status;
        if (!stream || status != 200) {
            JsonNode json = Ingress.parse(body);
            if (json.hasNonNull("error")) {
                outcome.error = json.at("/error/message").asText();
                return outcome;
            }
            readResponse(json, outcome, true);
            return outcome;
        }
        List<String> callIds = new ArrayList<>();
        long expected = 0;
        for (String line : body.split("\n")) {
            if (!line.startsWith("data: ")) {
                continue;
            }
            JsonNode event = Ingress.parse(line.substring(6));
            if (event.path("sequence_number").asLong(-1) != expected++) {
                throw new AssertionError("sequence_number out of order: " + line);
            }
            switch (event.path("type").asText()) {
                case "response.output_text.delta" -> {
                    outcome.chunks++;
                    outcome.content.append(event.path("delta").asText());
                }
                case "response.reasoning_summary_text.delta" -> {
                    outcome.chunks++;
                    outcome.thinking.append(event.path("delta").asText());
                }
                case "response.output_item.added" -> {
                    JsonNode item = event.path("item");
                    if (item.path("type").asText().equals("function_call")) {
                        callIds.add(item.path("id").asText());
                        outcome.callPiece(callIds.size() - 1, item.path("call_id").asText(), item.path("name").asText(), "");
                    }
                }
                case "response.function_call_arguments.delta" -> {
                    outcome.chunks++;
                    outcome.callPiece(callIds.indexOf(event.path("item_id").asText()), null, null, event.path("delta").asText());
                }
                case "response.completed", "response.incomplete" -> readResponse(event.path("response"), outcome, false);
                case "error" -> outcome.error = event.path("message").asText();
                default -> { }
            }
        }
        return outcome;
    }

    /** Finish reason and usage, and with {@code whole} the output items. */
    private static void readResponse(JsonNode response, Outcome outcome, boolean whole) {
        boolean calls = false;
        for (JsonNode item : response.path("output")) {
            switch (item.path("type").asText()) {
                case "message" -> {
                    if (whole) {
                        item.path("content").forEach(part -> outcome.content.append(part.path("text").asText()));
                    }
                }
                case "reasoning" -> {
                    if (whole) {
                        item.path("summary").forEach(part -> outcome.thinking.append(part.path("text").asText()));
                    }
                }
                case "function_call" -> {
                    calls = true;
                    if (whole) {
                        outcome.calls.add(new Reply.Call(item.path("call_id").asText(), item.path("name").asText(),
                                item.path("arguments").asText()));
                    }
                }
                default -> { }
            }
        }
        outcome.finish = response.path("status").asText().equals("incomplete") ? "length" : calls ? "tool_calls" : "stop";
        outcome.promptTokens = response.at("/usage/input_tokens").asInt();
        outcome.completionTokens = response.at("/usage/output_tokens").asInt();
    }
}
