package dev.llmgateway.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;

/**
 * Renders a {@link Reply} exactly as the third-party APIs send it: Anthropic's Messages API
 * (named SSE events with content blocks) and Google Gemini (SSE of whole
 * GenerateContentResponse chunks, no end marker).
 */
final class ThirdPartyUpstreams {

    private ThirdPartyUpstreams() {
    }

    // ---- Anthropic /v1/messages -------------------------------------------------------------

    static String anthropicError(Reply reply) {
        ObjectNode error = Json.object().put("type", "error");
        error.putObject("error").put("type", "not_found_error").put("message", reply.errorMessage());
        return Json.write(error.put("request_id", "req_011"));
    }

    static String anthropicStream(String model, Reply reply) {
        ObjectNode start = Json.object();
        ObjectNode message = start.putObject("message").put("id", "msg_01").put("type", "message")
                .put("role", "assistant").put("model", model);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", reply.promptTokens()).put("output_tokens", 1);
        StringBuilder out = new StringBuilder(event("message_start", start)).append(event("ping", Json.object()));
        int index = 0;
        if (!reply.thinking().isEmpty()) {
            out.append(blockStart(index, Json.object().put("type", "thinking").put("thinking", "")));
            for (String t : reply.thinking()) {
                out.append(delta(index, Json.object().put("type", "thinking_delta").put("thinking", t)));
            }
            out.append(delta(index, Json.object().put("type", "signature_delta").put("signature", "EqQBCgIYAhIM")));
            out.append(event("content_block_stop", Json.object().put("index", index++)));
        }
        if (!reply.content().isEmpty()) {
            out.append(blockStart(index, Json.object().put("type", "text").put("text", "")));
            for (String part : reply.content()) {
                out.append(delta(index, Json.object().put("type", "text_delta").put("text", part)));
                if (reply.midStreamError() != null) {
                    ObjectNode error = Json.object();
                    error.putObject("error").put("type", "overloaded_error").put("message", reply.midStreamError());
                    return out.append(event("error", error)).toString();
                }
            }
            out.append(event("content_block_stop", Json.object().put("index", index++)));
        }
        for (Reply.Call call : reply.calls()) {
            ObjectNode block = Json.object().put("type", "tool_use").put("id", call.id()).put("name", call.name());
            block.putObject("input");
            out.append(blockStart(index, block));
            int half = call.arguments().length() / 2;
            for (String piece : new String[] {"", call.arguments().substring(0, half), call.arguments().substring(half)}) {
                out.append(delta(index, Json.object().put("type", "input_json_delta").put("partial_json", piece)));
            }
            out.append(event("content_block_stop", Json.object().put("index", index++)));
        }
        ObjectNode end = Json.object();
        end.putObject("delta").put("stop_reason", reply.calls().isEmpty() ? "end_turn" : "tool_use").putNull("stop_sequence");
        end.putObject("usage").put("output_tokens", reply.completionTokens());
        return out.append(event("message_delta", end)).append(event("message_stop", Json.object())).toString();
    }

    static String anthropicWhole(String model, Reply reply) {
        ObjectNode body = Json.object().put("id", "msg_01").put("type", "message").put("role", "assistant").put("model", model);
        ArrayNode content = body.putArray("content");
        if (!reply.thinking().isEmpty()) {
            content.addObject().put("type", "thinking").put("thinking", reply.fullThinking()).put("signature", "EqQBCgIYAhIM");
        }
        if (!reply.content().isEmpty()) {
            content.addObject().put("type", "text").put("text", reply.fullContent());
        }
        for (Reply.Call call : reply.calls()) {
            content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                    .set("input", Ingress.parse(call.arguments()));
        }
        body.put("stop_reason", reply.calls().isEmpty() ? "end_turn" : "tool_use").putNull("stop_sequence");
        body.putObject("usage").put("input_tokens", reply.promptTokens()).put("output_tokens", reply.completionTokens())
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
        return Json.write(body);
    }

    private static String blockStart(int index, ObjectNode block) {
        ObjectNode start = Json.object().put("index", index);
        start.set("content_block", block);
        return event("content_block_start", start);
    }

    private static String delta(int index, ObjectNode delta) {
        ObjectNode event = Json.object().put("index", index);
        event.set("delta", delta);
        return event("content_block_delta", event);
    }

    private static String event(String name, ObjectNode data) {
        ObjectNode typed = Json.object().put("type", name);
        typed.setAll(data);
        return "event: " + name + "\ndata: " + Json.write(typed) + "\n\n";
    }

    // ---- Gemini models/{model}:generateContent / :streamGenerateContent?alt=sse --------------

    static String geminiError(Reply reply) {
        ObjectNode error = Json.object();
        error.putObject("error").put("code", reply.errorStatus()).put("message", reply.errorMessage()).put("status", "NOT_FOUND");
        return Json.write(error);
    }

    static String geminiStream(String model, Reply reply) {
        StringBuilder out = new StringBuilder();
        for (String t : reply.thinking()) {
            out.append(sse(geminiChunk(model, parts().add(Json.object().put("text", t).put("thought", true)), null, null)));
        }
        for (String part : reply.content()) {
            out.append(sse(geminiChunk(model, parts().add(Json.object().put("text", part)), null, null)));
            if (reply.midStreamError() != null) {
                ObjectNode error = Json.object();
                error.putObject("error").put("code", 500).put("message", reply.midStreamError()).put("status", "INTERNAL");
                return out.append(sse(error)).toString();
            }
        }
        ArrayNode last = parts();
        reply.calls().forEach(call -> last.add(functionCall(call)));
        return out.append(sse(geminiChunk(model, last, "STOP", reply))).toString();
    }

    static String geminiWhole(String model, Reply reply) {
        ArrayNode parts = parts();
        if (!reply.thinking().isEmpty()) {
            parts.add(Json.object().put("text", reply.fullThinking()).put("thought", true));
        }
        if (!reply.content().isEmpty()) {
            parts.add(Json.object().put("text", reply.fullContent()));
        }
        reply.calls().forEach(call -> parts.add(functionCall(call)));
        return Json.write(geminiChunk(model, parts, "STOP", reply));
    }

    private static ObjectNode functionCall(Reply.Call call) {
        ObjectNode part = Json.object();
        part.putObject("functionCall").put("name", call.name()).set("args", Ingress.parse(call.arguments()));
        return part;
    }

    private static ArrayNode parts() {
        return Json.MAPPER.createArrayNode();
    }

    private static ObjectNode geminiChunk(String model, ArrayNode parts, String finish, Reply usage) {
        ObjectNode chunk = Json.object();
        ObjectNode candidate = chunk.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content").put("role", "model");
        content.set("parts", parts);
        candidate.put("index", 0);
        if (finish != null) {
            candidate.put("finishReason", finish);
        }
        if (usage != null) {
            chunk.putObject("usageMetadata").put("promptTokenCount", usage.promptTokens())
                    .put("candidatesTokenCount", usage.completionTokens())
                    .put("totalTokenCount", usage.promptTokens() + usage.completionTokens());
        }
        return chunk.put("modelVersion", model).put("responseId", "resp-1");
    }

    private static String sse(ObjectNode event) {
        return "data: " + Json.write(event) + "\r\n\r\n";
    }
}
