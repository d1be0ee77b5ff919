package dev.llmgateway.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;

/**
 * Renders a {@link Reply} exactly as each backend dialect sends it:
 * Ollama NDJSON / JSON, OpenAI-compatible SSE / JSON, and their error bodies.
 */
final class Upstreams {

    private Upstreams() {
    }

    // ---- Ollama native /api/chat ----------------------------------------------------------

    static String ollamaError(Reply reply) {
        return Json.write(Json.object().put("error", reply.errorMessage()));
    }

    static String ollamaStream(String model, Reply reply) {
        StringBuilder out = new StringBuilder();
        reply.thinking().forEach(t -> out.append(ollamaLine(model, "", t, null, false)).append('\n'));
        for (String part : reply.content()) {
            out.append(ollamaLine(model, part, null, null, false)).append('\n');
            if (reply.midStreamError() != null) {
                return out.append(Json.write(Json.object().put("error", reply.midStreamError()))).append('\n').toString();
            }
        }
        if (!reply.calls().isEmpty()) {
            out.append(ollamaLine(model, "", null, ollamaCalls(reply), false)).append('\n');
        }
        return out.append(ollamaDone(ollamaLine(model, "", null, null, true), reply)).append('\n').toString();
    }

    static String ollamaWhole(String model, Reply reply) {
        ObjectNode line = ollamaLine(model, reply.fullContent(), reply.fullThinking(),
                reply.calls().isEmpty() ? null : ollamaCalls(reply), true);
        return ollamaDone(line, reply);
    }

    private static ObjectNode ollamaLine(String model, String content, String thinking, ArrayNode calls, boolean done) {
        ObjectNode line = Json.object().put("model", model).put("created_at", "2025-07-07T20:32:53.8Z");
        ObjectNode message = line.putObject("message").put("role", "assistant").put("content", content);
        if (thinking != null && !thinking.isEmpty()) {
            message.put("thinking", thinking);
        }
        if (calls != null) {
            message.set("tool_calls", calls);
        }
        return line.put("done", done);
    }

    private static ArrayNode ollamaCalls(Reply reply) {
        ArrayNode calls = Json.MAPPER.createArrayNode();
        for (Reply.Call call : reply.calls()) {
            ObjectNode function = calls.addObject().putObject("function");
            function.put("name", call.name()).set("arguments", parse(call.arguments()));
        }
        return calls;
    }

    private static String ollamaDone(ObjectNode line, Reply reply) {
        line.put("done_reason", "stop").put("total_duration", 3244883583L).put("load_duration", 2969184542L)
                .put("prompt_eval_count", reply.promptTokens()).put("eval_count", reply.completionTokens());
        return Json.write(line);
    }

    // ---- OpenAI-compatible /v1/chat/completions --------------------------------------------

    static String openAiError(Reply reply) {
        ObjectNode error = Json.object();
        error.putObject("error").put("message", reply.errorMessage()).put("type", "invalid_request_error")
                .putNull("param").put("code", "model_not_found");
        return Json.write(error);
    }

    static String openAiStream(String model, Reply reply) {
        StringBuilder out = new StringBuilder();
        out.append(sse(openAiChunk(model, Json.object().put("role", "assistant").put("content", ""), null)));
        reply.thinking().forEach(t -> out.append(sse(openAiChunk(model, Json.object().put("reasoning_content", t), null))));
        for (String part : reply.content()) {
            out.append(sse(openAiChunk(model, Json.object().put("content", part), null)));
            if (reply.midStreamError() != null) {
                ObjectNode error = Json.object();
                error.putObject("error").put("message", reply.midStreamError()).put("type", "server_error");
                return out.append(sse(error)).append("data: [DONE]\n\n").toString();
            }
        }
        for (int i = 0; i < reply.calls().size(); i++) {
            Reply.Call call = reply.calls().get(i);
            ObjectNode first = Json.object().put("index", i).put("id", call.id()).put("type", "function");
            first.putObject("function").put("name", call.name()).put("arguments", "");
            out.append(sse(openAiChunk(model, toolDelta(first), null)));
            int half = call.arguments().length() / 2;        // arguments arrive in fragments
            for (String piece : new String[] {call.arguments().substring(0, half), call.arguments().substring(half)}) {
                ObjectNode fragment = Json.object().put("index", i);
                fragment.putObject("function").put("arguments", piece);
                out.append(sse(openAiChunk(model, toolDelta(fragment), null)));
            }
        }
        out.append(sse(openAiChunk(model, Json.object(), reply.finish())));
        ObjectNode usage = Json.object().put("id", "chatcmpl-up").put("object", "chat.completion.chunk")
                .put("created", 1741570283).put("model", model);
        usage.putArray("choices");
        usage.set("usage", usage(reply));
        return out.append(sse(usage)).append("data: [DONE]\n\n").toString();
    }

    static String openAiWhole(String model, Reply reply) {
        ObjectNode body = Json.object().put("id", "chatcmpl-up").put("object", "chat.completion")
                .put("created", 1741570283).put("model", model);
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (reply.calls().isEmpty()) {
            message.put("content", reply.fullContent());
        } else {
            message.putNull("content");
            ArrayNode calls = message.putArray("tool_calls");
            for (Reply.Call call : reply.calls()) {
                ObjectNode node = calls.addObject().put("id", call.id()).put("type", "function");
                node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        if (!reply.thinking().isEmpty()) {
            message.put("reasoning_content", reply.fullThinking());
        }
        choice.putNull("logprobs").put("finish_reason", reply.finish());
        body.set("usage", usage(reply));
        return Json.write(body);
    }

    // ---- LM Studio native /api/v1/chat ------------------------------------------------------

    static String lmStudioError(Reply reply) {
        ObjectNode error = Json.object();
        error.putObject("error").put("type", "model_not_found").put("message", reply.errorMessage());
        return Json.write(error);
    }

    static String lmStudioStream(String model, Reply reply) {
        StringBuilder out = new StringBuilder(named("chat.start", Json.object().put("model_instance_id", model)));
        reply.thinking().forEach(t -> out.append(named("reasoning.delta", Json.object().put("content", t))));
        for (String part : reply.content()) {
            out.append(named("message.delta", Json.object().put("content", part)));
            if (reply.midStreamError() != null) {
                ObjectNode error = Json.object();
                error.putObject("error").put("type", "internal_error").put("message", reply.midStreamError());
                return out.append(named("error", error)).toString();
            }
        }
        ObjectNode end = Json.object();
        end.set("result", parse(lmStudioWhole(model, reply)));
        return out.append(named("chat.end", end)).toString();
    }

    static String lmStudioWhole(String model, Reply reply) {
        ObjectNode body = Json.object().put("model_instance_id", model);
        ArrayNode output = body.putArray("output");
        if (!reply.thinking().isEmpty()) {
            output.addObject().put("type", "reasoning").put("content", reply.fullThinking());
        }
        output.addObject().put("type", "message").put("content", reply.fullContent());
        body.putObject("stats").put("input_tokens", reply.promptTokens()).put("total_output_tokens", reply.completionTokens())
                .put("reasoning_output_tokens", 0).put("tokens_per_second", 42.0).put("time_to_first_token_seconds", 0.1);
        return Json.write(body);
    }

    private static String named(String event, ObjectNode data) {
        ObjectNode typed = Json.object().put("type", event);
        typed.setAll(data);
        return "event: " + event + "\ndata: " + Json.write(typed) + "\n\n";
    }

    private static ObjectNode toolDelta(ObjectNode call) {
        ObjectNode delta = Json.object();
        delta.putArray("tool_calls").add(call);
        return delta;
    }

    private static ObjectNode openAiChunk(String model, ObjectNode delta, String finish) {
        ObjectNode chunk = Json.object().put("id", "chatcmpl-up").put("object", "chat.completion.chunk")
                .put("created", 1741570283).put("model", model);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return chunk;
    }

    private static ObjectNode usage(Reply reply) {
        return Json.object().put("prompt_tokens", reply.promptTokens()).put("completion_tokens", reply.completionTokens())
                .put("total_tokens", reply.promptTokens() + reply.completionTokens());
    }

    private static String sse(ObjectNode event) {
        return "data: " + Json.write(event) + "\n\n";
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
