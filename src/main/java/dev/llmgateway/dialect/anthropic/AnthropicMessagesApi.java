package dev.llmgateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.discovery.RequestedModel;
import dev.llmgateway.http.ChatFrontDoor;
import dev.llmgateway.http.JsonReply;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Ids;
import dev.llmgateway.model.ModelInfo;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * The Anthropic Messages front door ({@code routes/anthropic.yaml}): Claude-style clients (the
 * Anthropic SDKs, coding agents) reach any backend through {@code POST /v1/messages}.
 */
public class AnthropicMessagesApi extends ChatFrontDoor {

    public AnthropicMessagesApi() {
        super("application/json");
    }

    /** {@code POST /v1/messages} */
    public ChatRequest readRequest(byte[] body, Exchange exchange) {
        JsonNode json = requestBody(body, exchange);
        boolean stream = Json.bool(json, "stream", false);
        if (stream) {
            streamWith(exchange, "text/event-stream", out -> new AnthropicStreamWriter(out, Ids.random("msg_")));
        }
        return new ChatRequest(Json.string(json, "model"), AnthropicRequests.readMessages(json),
                AnthropicRequests.readTools(json.get("tools")), AnthropicRequests.readToolChoice(json.get("tool_choice")),
                AnthropicRequests.readOptions(json), stream);
    }

    /** One {@code {"type":"message","role":"assistant","content":[…],…}} object. */
    @Override
    protected ObjectNode wholeReply(ChatResponse reply, String model, Exchange exchange) {
        return AnthropicReplies.message(Ids.random("msg_"), model, reply);
    }

    /** {@code GET /v1/models} with {@code anthropic-version}: the discovered models, Anthropic-shaped. */
    public void writeModels(List<ModelInfo> models, Exchange exchange) {
        ObjectNode json = Json.object();
        ArrayNode data = json.putArray("data");
        for (ModelInfo model : models) {
            String id = model.backend() + "/" + model.id();
            data.addObject().put("type", "model").put("id", id).put("display_name", id)
                    .put("created_at", Instant.ofEpochSecond(model.createdEpochSeconds()).toString());
        }
        json.put("has_more", false);
        if (data.isEmpty()) {
            json.putNull("first_id").putNull("last_id");
        } else {
            json.put("first_id", data.get(0).path("id").asText()).put("last_id", data.get(data.size() - 1).path("id").asText());
        }
        respond(exchange, json);
    }

    /** {@code GET /v1/models/{model_id}}: {@code {"type":"model","id":"anthropic/claude-sonnet-4-5","display_name":…,"created_at":…}}. */
    public void writeModel(List<ModelInfo> models, Exchange exchange) {
        String id = RequestedModel.id(exchange);
        RequestedModel.find(models, id).ifPresentOrElse(model -> {
            String name = model.backend() + "/" + model.id();
            respond(exchange, Json.object().put("type", "model").put("id", name).put("display_name", name)
                    .put("created_at", Instant.ofEpochSecond(model.createdEpochSeconds()).toString()));
        }, () -> {
            GatewayException notFound = RequestedModel.notFound(id);
            JsonReply.error(exchange, notFound, "application/json", AnthropicReplies.error(notFound));
        });
    }

    @Override
    protected ObjectNode errorJson(GatewayException error) {
        return AnthropicReplies.error(error);
    }

    /** {@code {"type":"error","error":{"type":"authentication_error","message":"..."}}} */
    public static ObjectNode errorBody(GatewayException error) {
        return AnthropicReplies.error(error);
    }
}
