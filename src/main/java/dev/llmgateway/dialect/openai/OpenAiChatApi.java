package dev.llmgateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.dialect.FunctionTools;
import dev.llmgateway.discovery.RequestedModel;
import dev.llmgateway.http.ChatFrontDoor;
import dev.llmgateway.http.JsonReply;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Ids;
import dev.llmgateway.model.ModelInfo;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * The OpenAI-compatible front door ({@code routes/openai.yaml}): reads Chat Completions requests
 * into the internal format and renders replies, streams, model lists and errors the way OpenAI
 * clients and SDKs expect them.
 */
public class OpenAiChatApi extends ChatFrontDoor {

    public OpenAiChatApi() {
        super("application/json");
    }

    /** {@code {"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":true}} */
    public ChatRequest readRequest(byte[] body, Exchange exchange) {
        JsonNode json = requestBody(body, exchange);
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
            streamWith(exchange, "text/event-stream", out -> new OpenAiStreamWriter(out, includeUsage));
        }
        return new ChatRequest(Json.string(json, "model"), parsed, FunctionTools.read(json.get("tools")),
                json.get("tool_choice"), OpenAiWire.readOptions(json), stream);
    }

    /** {@code {"id":"chatcmpl-…","object":"chat.completion","choices":[{"message":{…},"finish_reason":"stop"}],…}} */
    @Override
    protected ObjectNode wholeReply(ChatResponse reply, String model, Exchange exchange) {
        ObjectNode json = Json.object().put("id", Ids.random("chatcmpl-")).put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", model);
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
        return json;
    }

    /** {@code GET /v1/models}: {@code {"object":"list","data":[{"id":"ollama/llama3.2:latest",...}]}} */
    public void writeModels(List<ModelInfo> models, Exchange exchange) {
        ObjectNode json = Json.object().put("object", "list");
        ArrayNode data = json.putArray("data");
        for (ModelInfo model : models) {
            data.addObject().put("id", model.backend() + "/" + model.id()).put("object", "model")
                    .put("created", model.createdEpochSeconds()).put("owned_by", model.backend());
        }
        respond(exchange, json);
    }

    /** {@code GET /v1/models/{id}}: {@code {"id":"ollama/llama3.2:latest","object":"model","created":…,"owned_by":"ollama"}}. */
    public void writeModel(List<ModelInfo> models, Exchange exchange) {
        String id = RequestedModel.id(exchange);
        RequestedModel.find(models, id).ifPresentOrElse(
                model -> respond(exchange, Json.object().put("id", model.backend() + "/" + model.id()).put("object", "model")
                        .put("created", model.createdEpochSeconds()).put("owned_by", model.backend())),
                () -> JsonReply.error(exchange, RequestedModel.notFound(id), "application/json", errorBody(RequestedModel.notFound(id))));
    }

    @Override
    protected ObjectNode errorJson(GatewayException error) {
        return errorBody(error);
    }

    /** {@code {"error":{"message","type","param","code"}}} */
    public static ObjectNode errorBody(GatewayException error) {
        ObjectNode body = Json.object();
        ObjectNode inner = body.putObject("error").put("message", error.getMessage()).put("type", error.type());
        inner.putNull("param");
        inner.put("code", error.code());
        return body;
    }
}
