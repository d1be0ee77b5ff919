package dev.llmgateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendRouter;
import dev.llmgateway.dialect.FunctionTools;
import dev.llmgateway.http.ClientDisconnects;
import dev.llmgateway.http.Failures;
import dev.llmgateway.http.JsonReply;
import dev.llmgateway.http.HttpEventStream;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Ids;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.stream.ChatStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * The OpenAI-compatible front door ({@code routes/openai.yaml}): reads Chat Completions requests
 * into the internal format and renders replies, streams, model lists and errors the way OpenAI
 * clients and SDKs expect them.
 */
public class OpenAiChatApi {

    private static final String WRITER = "llmOpenAiStreamWriter";

    /** {@code {"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":true}} */
    public ChatRequest readRequest(String body, Exchange exchange) {
        ClientDisconnects.watch(exchange);           // from now on, a client that leaves stops its backend call
        JsonNode json = Json.requireObject(body, "the request body");
        JsonNode messages = json.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw GatewayException.badRequest("'messages' is required and must be a non-empty array");
        }
        if (json.path("n").asInt(1) != 1) {
            throw GatewayException.badRequest("only n=1 is supported: send one request per completion");
        }
        List<ChatMessage> parsed = Json.readEach(messages, "messages", OpenAiWire::readMessage);
        boolean stream = Json.bool(json, "stream", false);
        if (stream) {
            boolean includeUsage = json.path("stream_options").path("include_usage").asBoolean(false);
            exchange.setProperty(WRITER, new OpenAiStreamWriter(
                    HttpEventStream.open(exchange, "text/event-stream"), includeUsage));
        }
        return new ChatRequest(Json.string(json, "model"), parsed, FunctionTools.read(json.get("tools")),
                json.get("tool_choice"), OpenAiWire.readOptions(json), stream);
    }

    /**
     * Streams the reply to the client as SSE, one event per upstream chunk the moment it arrives,
     * or renders the aggregated reply as one JSON object.
     */
    public void writeReply(ChatStream upstream, Exchange exchange) {
        OpenAiStreamWriter writer = exchange.getProperty(WRITER, OpenAiStreamWriter.class);
        if (writer != null) {
            Backend backend = exchange.getProperty(BackendRouter.BACKEND, Backend.class);
            String model = model(exchange);
            writer.cancelOnDisconnect(upstream);
            writer.finish(upstream.relay(chunk -> writer.write(chunk, backend.name(), model)));
            return;
        }
        ChatResponse reply = upstream.relay(chunk -> { });
        ObjectNode json = Json.object().put("id", Ids.random("chatcmpl-")).put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", model(exchange));
        ObjectNode choice = json.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (reply.message().content().isEmpty() && !reply.message().toolCalls().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", reply.message().content());
        }
        message.putNull("refusal");
        Json.putIfSet(message, "reasoning_content", reply.message().thinking());
        if (!reply.message().toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            reply.message().toolCalls().forEach(call -> calls.add(OpenAiWire.writeToolCall(call)));
        }
        choice.putNull("logprobs").put("finish_reason", reply.finishReason().openAiName());
        if (reply.usage() != null) {
            json.set("usage", OpenAiWire.writeUsage(reply.usage()));
        }
        respond(exchange, 200, json);
    }

    /** {@code GET /v1/models}: {@code {"object":"list","data":[{"id":"ollama/llama3.2:latest",...}]}} */
    public void writeModels(List<ModelInfo> models, Exchange exchange) {
        ObjectNode json = Json.object().put("object", "list");
        ArrayNode data = json.putArray("data");
        for (ModelInfo model : models) {
            data.addObject().put("id", model.backend() + "/" + model.id()).put("object", "model")
                    .put("created", model.createdEpochSeconds()).put("owned_by", model.backend());
        }
        respond(exchange, 200, json);
    }

    /** Route-level error handler: JSON error with a fitting status, or an SSE error event mid-stream. */
    public void writeError(Exchange exchange) {
        GatewayException error = Failures.describe(exchange);
        if (exchange.getMessage().getBody() instanceof ChatStream unread) {
            unread.close();                     // release the backend connection
        }
        OpenAiStreamWriter writer = exchange.getProperty(WRITER, OpenAiStreamWriter.class);
        if (writer != null && writer.started()) {
            writer.fail(error);
            return;
        }
        JsonReply.error(exchange, error, "application/json", errorBody(error));
    }

    /** {@code {"error":{"message","type","param","code"}}} */
    public static ObjectNode errorBody(GatewayException error) {
        ObjectNode body = Json.object();
        ObjectNode inner = body.putObject("error").put("message", error.getMessage()).put("type", error.type());
        inner.putNull("param");
        inner.put("code", error.code());
        return body;
    }

    private static void respond(Exchange exchange, int status, ObjectNode json) {
        JsonReply.send(exchange, status, "application/json", json);
    }

    private static String model(Exchange exchange) {
        return exchange.getProperty(BackendRouter.MODEL, "", String.class);
    }
}
