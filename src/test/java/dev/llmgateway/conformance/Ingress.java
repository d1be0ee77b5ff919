package dev.llmgateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.routes.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The front doors, driven as their clients drive them. A request is given in the OpenAI
 * shape (messages, tools) and translated here into each dialect's own request; each reply,
 * streamed or not, is read back into an {@link Outcome}.
 */
enum Ingress {

    OPENAI_HTTP {
        @Override
        Outcome call(Ports ports, String model, ArrayNode messages, ArrayNode tools, boolean stream) throws Exception {
            ObjectNode body = Json.object().put("model", model).put("stream", stream);
            body.set("messages", messages);
            if (tools != null) {
                body.set("tools", tools);
            }
            if (stream) {
                body.putObject("stream_options").put("include_usage", true);
            }
            HttpResponse<String> response = post(ports.http() + "/v1/chat/completions", body);
            Outcome outcome = new Outcome();
            outcome.status = response.statusCode();
            if (!stream || response.statusCode() != 200) {
                JsonNode json = Json.parse(response.body());
                if (json.has("error")) {
                    outcome.error = json.at("/error/message").asText();
                    return outcome;
                }
                JsonNode message = json.at("/choices/0/message");
                outcome.content.append(message.path("content").asText(""));
                outcome.thinking.append(message.path("reasoning_content").asText(""));
                for (JsonNode call : message.path("tool_calls")) {
                    outcome.calls.add(new Reply.Call(call.path("id").asText(), call.at("/function/name").asText(),
                            call.at("/function/arguments").asText()));
                }
                outcome.finish = json.at("/choices/0/finish_reason").asText();
                outcome.promptTokens = json.at("/usage/prompt_tokens").asInt();
                outcome.completionTokens = json.at("/usage/completion_tokens").asInt();
                return outcome;
            }
            for (String line : response.body().split("\n")) {
                if (!line.startsWith("data: ") || line.equals("data: [DONE]")) {
                    continue;
                }
                JsonNode chunk = Json.parse(line.substring(6));
                if (chunk.has("error")) {
                    outcome.error = chunk.at("/error/message").asText();
                    continue;
                }
                outcome.chunks++;
                if (chunk.hasNonNull("usage")) {
                    outcome.promptTokens = chunk.at("/usage/prompt_tokens").asInt();
                    outcome.completionTokens = chunk.at("/usage/completion_tokens").asInt();
                }
                JsonNode choice = chunk.path("choices").path(0);
                JsonNode delta = choice.path("delta");
                outcome.content.append(delta.path("content").asText(""));
                outcome.thinking.append(delta.path("reasoning_content").asText(""));
                for (JsonNode call : delta.path("tool_calls")) {
                    outcome.callPiece(call.path("index").asInt(), call.path("id").asText(null),
                            call.at("/function/name").asText(null), call.at("/function/arguments").asText(""));
                }
                if (choice.hasNonNull("finish_reason")) {
                    outcome.finish = choice.get("finish_reason").asText();
                }
            }
            return outcome;
        }
    },

    OLLAMA_HTTP {
        @Override
        Outcome call(Ports ports, String model, ArrayNode messages, ArrayNode tools, boolean stream) throws Exception {
            ObjectNode body = Json.object().put("model", model).put("stream", stream);
            body.set("messages", toOllama(messages));
            if (tools != null) {
                body.set("tools", tools);
            }
            HttpResponse<String> response = post(ports.http() + "/api/chat", body);
            Outcome outcome = new Outcome();
            outcome.status = response.statusCode();
            for (String line : response.body().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode json = Json.parse(line);
                if (json.has("error")) {
                    outcome.error = json.get("error").asText();
                    continue;
                }
                outcome.chunks++;
                JsonNode message = json.path("message");
                outcome.content.append(message.path("content").asText(""));
                outcome.thinking.append(message.path("thinking").asText(""));
                for (JsonNode call : message.path("tool_calls")) {
                    outcome.calls.add(new Reply.Call(call.path("id").asText(null), call.at("/function/name").asText(),
                            Json.write(call.at("/function/arguments"))));
                }
                if (json.path("done").asBoolean()) {
                    String reason = json.path("done_reason").asText();
                    outcome.finish = reason.equals("stop") && !outcome.calls.isEmpty() ? "tool_calls" : reason;
                    outcome.promptTokens = json.path("prompt_eval_count").asInt();
                    outcome.completionTokens = json.path("eval_count").asInt();
                }
            }
            return outcome;
        }

        /** OpenAI-shaped history → Ollama's: arguments as objects, tool results named (and their ids kept). */
        private ArrayNode toOllama(ArrayNode messages) {
            ArrayNode result = Json.MAPPER.createArrayNode();
            Map<String, String> nameById = new HashMap<>();
            for (JsonNode message : messages) {
                ObjectNode copy = result.addObject().put("role", message.path("role").asText())
                        .put("content", message.path("content").asText(""));
                if (message.has("tool_calls")) {
                    ArrayNode calls = copy.putArray("tool_calls");
                    for (JsonNode call : message.get("tool_calls")) {
                        nameById.put(call.path("id").asText(), call.at("/function/name").asText());
                        ObjectNode ollamaCall = calls.addObject();
                        if (call.has("id")) {
                            ollamaCall.put("id", call.get("id").asText());    // a client that keeps the ids it was given
                        }
                        ObjectNode function = ollamaCall.putObject("function");
                        function.put("name", call.at("/function/name").asText());
                        function.set("arguments", parse(call.at("/function/arguments").asText()));
                    }
                }
                if (message.has("tool_call_id")) {
                    copy.put("tool_name", nameById.get(message.get("tool_call_id").asText()));
                    copy.put("tool_call_id", message.get("tool_call_id").asText());
                } else if (message.has("name")) {
                    copy.put("tool_name", message.get("name").asText());
                }
            }
            return result;
        }
    },

    ANTHROPIC_HTTP {
        @Override
        Outcome call(Ports ports, String model, ArrayNode messages, ArrayNode tools, boolean stream) throws Exception {
            ObjectNode body = Json.object().put("model", model).put("max_tokens", 1024).put("stream", stream);
            ArrayNode converted = body.putArray("messages");
            for (JsonNode message : messages) {
                String role = message.path("role").asText();
                if (role.equals("system")) {
                    body.put("system", message.path("content").asText());
                } else if (role.equals("tool")) {
                    // the results of one turn in one user message, as Anthropic's API wants them
                    JsonNode last = converted.isEmpty() ? null : converted.get(converted.size() - 1);
                    ArrayNode blocks = last != null && last.path("content").path(0).path("type").asText().equals("tool_result")
                            ? (ArrayNode) last.get("content") : converted.addObject().put("role", "user").putArray("content");
                    blocks.addObject().put("type", "tool_result").put("tool_use_id", message.path("tool_call_id").asText())
                            .put("content", message.path("content").asText());
                } else if (message.has("tool_calls")) {
                    ArrayNode blocks = converted.addObject().put("role", "assistant").putArray("content");
                    for (JsonNode call : message.get("tool_calls")) {
                        blocks.addObject().put("type", "tool_use").put("id", call.path("id").asText())
                                .put("name", call.at("/function/name").asText())
                                .set("input", parse(call.at("/function/arguments").asText()));
                    }
                } else {
                    converted.addObject().put("role", role).put("content", message.path("content").asText());
                }
            }
            if (tools != null) {
                ArrayNode list = body.putArray("tools");
                for (JsonNode tool : tools) {
                    list.addObject().put("name", tool.at("/function/name").asText())
                            .put("description", tool.at("/function/description").asText())
                            .set("input_schema", tool.at("/function/parameters"));
                }
            }
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(ports.http() + "/v1/messages"))
                    .header("Content-Type", "application/json").header("anthropic-version", "2023-06-01")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
            Outcome outcome = new Outcome();
            outcome.status = response.statusCode();
            if (!stream || response.statusCode() != 200) {
                JsonNode json = Json.parse(response.body());
                if ("error".equals(json.path("type").asText())) {
                    outcome.error = json.at("/error/message").asText();
                    return outcome;
                }
                for (JsonNode block : json.path("content")) {
                    switch (block.path("type").asText()) {
                        case "text" -> outcome.content.append(block.path("text").asText());
                        case "thinking" -> outcome.thinking.append(block.path("thinking").asText());
                        case "tool_use" -> outcome.calls.add(new Reply.Call(block.path("id").asText(),
                                block.path("name").asText(), Json.write(block.path("input"))));
                        default -> { }
                    }
                }
                outcome.finish = finish(json.path("stop_reason").asText());
                outcome.promptTokens = json.at("/usage/input_tokens").asInt();
                outcome.completionTokens = json.at("/usage/output_tokens").asInt();
                return outcome;
            }
            Map<Integer, Integer> callByBlock = new HashMap<>();
            String event = null;
            for (String line : response.body().split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                    continue;
                }
                if (!line.startsWith("data: ")) {
                    continue;
                }
                JsonNode data = Json.parse(line.substring(6));
                assertEquals(event, data.path("type").asText());
                switch (event) {
                    case "error" -> outcome.error = data.at("/error/message").asText();
                    case "content_block_start" -> {
                        if (data.at("/content_block/type").asText().equals("tool_use")) {
                            callByBlock.put(data.path("index").asInt(), callByBlock.size());
                            outcome.callPiece(callByBlock.size() - 1, data.at("/content_block/id").asText(),
                                    data.at("/content_block/name").asText(), "");
                        }
                    }
                    case "content_block_delta" -> {
                        outcome.chunks++;
                        JsonNode delta = data.path("delta");
                        switch (delta.path("type").asText()) {
                            case "text_delta" -> outcome.content.append(delta.path("text").asText());
                            case "thinking_delta" -> outcome.thinking.append(delta.path("thinking").asText());
                            case "input_json_delta" -> outcome.callPiece(callByBlock.get(data.path("index").asInt()), null, null,
                                    delta.path("partial_json").asText());
                            default -> { }
                        }
                    }
                    case "message_delta" -> {
                        outcome.finish = finish(data.at("/delta/stop_reason").asText());
                        outcome.promptTokens = data.at("/usage/input_tokens").asInt();
                        outcome.completionTokens = data.at("/usage/output_tokens").asInt();
                    }
                    default -> { }
                }
            }
            return outcome;
        }

        private String finish(String stopReason) {
            return switch (stopReason) {
                case "tool_use" -> "tool_calls";
                case "max_tokens" -> "length";
                default -> "stop";
            };
        }

        private void assertEquals(String event, String type) {
            if (!type.equals(event)) {
                throw new AssertionError("event: " + event + " carries data of type " + type);
            }
        }
    },

    OPENAI_RESPONSES {
        @Override
        Outcome call(Ports ports, String model, ArrayNode messages, ArrayNode tools, boolean stream) throws Exception {
            HttpResponse<String> response = post(ports.http() + "/v1/responses", ResponsesClient.request(model, messages, tools, stream));
            return ResponsesClient.read(response.statusCode(), response.body(), stream);
        }
    },

    WEBSOCKET {
        @Override
        Outcome call(Ports ports, String model, ArrayNode messages, ArrayNode tools, boolean stream) throws Exception {
            ObjectNode frame = Json.object().put("type", "chat").put("id", "c1").put("model", model).put("stream", stream);
            frame.set("messages", messages);
            if (tools != null) {
                frame.set("tools", tools);
            }
            Outcome outcome = new Outcome();
            try (WsTestClient client = new WsTestClient(ports.ws())) {
                client.send(Json.write(frame));
                for (JsonNode reply = client.next(); ; reply = client.next()) {
                    switch (reply.path("type").asText()) {
                        case "chunk" -> {
                            outcome.chunks++;
                            outcome.content.append(reply.path("content").asText(""));
                            outcome.thinking.append(reply.path("thinking").asText(""));
                        }
                        case "error" -> {
                            outcome.error = reply.at("/error/message").asText();
                            if (outcome.chunks == 0) {
                                outcome.status = reply.at("/error/status").asInt();
                            }
                            return outcome;
                        }
                        case "done" -> {
                            JsonNode message = reply.path("message");
                            outcome.content.setLength(0);
                            outcome.content.append(message.path("content").asText(""));
                            outcome.thinking.setLength(0);
                            outcome.thinking.append(message.path("thinking").asText(""));
                            for (JsonNode call : message.path("toolCalls")) {
                                outcome.calls.add(new Reply.Call(call.path("id").asText(), call.path("name").asText(),
                                        Json.write(call.path("arguments"))));
                            }
                            outcome.finish = reply.path("finishReason").asText();
                            outcome.promptTokens = reply.at("/usage/promptTokens").asInt();
                            outcome.completionTokens = reply.at("/usage/completionTokens").asInt();
                            return outcome;
                        }
                        default -> { }
                    }
                }
            }
        }
    };

    record Ports(String http, int ws) {
    }

    abstract Outcome call(Ports ports, String model, ArrayNode messages, ArrayNode tools, boolean stream) throws Exception;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> post(String url, ObjectNode body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static List<Ingress> all() {
        return List.of(values());
    }
}
