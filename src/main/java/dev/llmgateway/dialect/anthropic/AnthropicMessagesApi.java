package dev.llmgateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendRouter;
import dev.llmgateway.http.ClientDisconnects;
import dev.llmgateway.http.Failures;
import dev.llmgateway.http.JsonReply;
import dev.llmgateway.http.HttpEventStream;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Ids;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.stream.ChatStream;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * The Anthropic Messages front door ({@code routes/anthropic.yaml}): Claude-style clients (the
 * Anthropic SDKs, coding agents) reach any backend through {@code POST /v1/messages}.
 */
public class AnthropicMessagesApi {

    private static final String WRITER = "llmAnthropicStreamWriter";

    /** {@code POST /v1/messages} */
    public ChatRequest readRequest(String body, Exchange exchange) {
        ClientDisconnects.watch(exchange);           // from now on, a client that leaves stops its backend call
        JsonNode json = Json.requireObject(body, "the request body");
        boolean stream = Json.bool(json, "stream", false);
        if (stream) {
            exchange.setProperty(WRITER, new AnthropicStreamWriter(HttpEventStream.open(exchange, "text/event-stream"),
                    Ids.random("msg_")));
        }
        return new ChatRequest(Json.string(json, "model"), AnthropicRequests.readMessages(json),
                AnthropicRequests.readTools(json.get("tools")), AnthropicRequests.readToolChoice(json.get("tool_choice")),
                AnthropicRequests.readOptions(json), stream);
    }

    /** Named SSE events as chunks arrive, or one message object. */
    public void writeReply(ChatStream upstream, Exchange exchange) {
        Backend backend = exchange.getProperty(BackendRouter.BACKEND, Backend.class);
        String model = exchange.getProperty(BackendRouter.MODEL, "", String.class);
        AnthropicStreamWriter writer = exchange.getProperty(WRITER, AnthropicStreamWriter.class);
        if (writer != null) {
            writer.cancelOnDisconnect(upstream);
            writer.finish(upstream.relay(chunk -> writer.write(chunk, backend.name(), model)));
            return;
        }
        ChatResponse reply = upstream.relay(chunk -> { });
        respond(exchange, 200, AnthropicReplies.message(Ids.random("msg_"), model, reply));
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
        respond(exchange, 200, json);
    }

    /** {@code {"type":"error","error":{"type","message"}}} with a fitting status, or an {@code event: error}. */
    public void writeError(Exchange exchange) {
        GatewayException error = Failures.describe(exchange);
        if (exchange.getMessage().getBody() instanceof ChatStream unread) {
            unread.close();
        }
        AnthropicStreamWriter writer = exchange.getProperty(WRITER, AnthropicStreamWriter.class);
        if (writer != null && writer.started()) {
            writer.fail(error);
            return;
        }
        JsonReply.error(exchange, error, "application/json", AnthropicReplies.error(error));
    }

    private static void respond(Exchange exchange, int status, ObjectNode json) {
        JsonReply.send(exchange, status, "application/json", json);
    }

    /** {@code {"type":"error","error":{"type":"authentication_error","message":"..."}}} */
    public static ObjectNode errorBody(GatewayException error) {
        return AnthropicReplies.error(error);
    }
}
