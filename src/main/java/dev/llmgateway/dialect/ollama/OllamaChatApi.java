package dev.llmgateway.dialect.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.Route;
import dev.llmgateway.dialect.FunctionTools;
import dev.llmgateway.http.ChatFrontDoor;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.request.RequestContext;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * The Ollama-compatible front door ({@code routes/ollama.yaml}): Ollama clients (ollama-js,
 * ollama-python, Open WebUI, editors) use the gateway as if it were Ollama and reach any backend.
 * Unlike OpenAI, {@code stream} defaults to true; errors are {@code {"error":"…"}}.
 */
public class OllamaChatApi extends ChatFrontDoor {

    /** The Ollama API version the front door speaks; clients use it to gate features. */
    static final String OLLAMA_VERSION = "0.12.0";

    public OllamaChatApi() {
        super("application/json; charset=utf-8");
    }

    /** {@code POST /api/chat}: {@code {"model":"llama3.2","messages":[{"role":"user","content":"Hi"}]}} */
    public ChatRequest readRequest(byte[] body, Exchange exchange) {
        JsonNode json = requestBody(body, exchange);
        JsonNode messages = json.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw GatewayException.badRequest("messages is required and must be a non-empty array");
        }
        boolean stream = Json.bool(json, "stream", true);
        if (stream) {
            streamWith(exchange, "application/x-ndjson", OllamaStreamWriter::new);
        }
        return new ChatRequest(Json.string(json, "model"), OllamaRequests.readMessages(messages),
                FunctionTools.read(json.get("tools")), null, OllamaRequests.readOptions(json), stream);
    }

    /** The final {@code "done":true} object with the whole reply, timings and counts. */
    @Override
    protected ObjectNode wholeReply(ChatResponse reply, String model, Exchange exchange) {
        long elapsed = System.nanoTime() - RequestContext.of(exchange).startNanos();
        return OllamaReplies.done(model, reply, elapsed, true);
    }

    /** {@code GET /api/tags}: the discovered models, named so that they route back to their backend. */
    public void writeModels(List<ModelInfo> models, Exchange exchange) {
        ObjectNode json = Json.object();
        ArrayNode list = json.putArray("models");
        for (ModelInfo model : models) {
            String name = model.backend() + "/" + model.id();
            ObjectNode node = list.addObject().put("name", name).put("model", name)
                    .put("modified_at", Instant.ofEpochSecond(model.createdEpochSeconds()).toString())
                    .put("size", 0).put("digest", "");
            node.putObject("details").put("parent_model", "").put("format", "").put("family", "")
                    .putNull("families").put("parameter_size", "").put("quantization_level", "");
        }
        respond(exchange, json);
    }

    /** {@code GET /api/version} */
    public void writeVersion(Exchange exchange) {
        respond(exchange, Json.object().put("version", OLLAMA_VERSION));
    }

    /** {@code POST /api/show} request: {@code {"model":"llama3.2"}} (older clients: {@code "name"}) → the model name. */
    public String readShow(String body) {
        try {
            JsonNode json = Json.parse(body == null ? "" : body);
            String model = Json.string(json, "model");
            if (model == null || model.isBlank()) {
                model = Json.string(json, "name");
            }
            if (model == null || model.isBlank()) {
                throw GatewayException.badRequest("model is required");
            }
            return model;
        } catch (JsonProcessingException e) {
            throw GatewayException.badRequest("invalid JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * {@code POST /api/show} for a model of a backend that is not Ollama: what the gateway knows,
     * nothing invented (Ollama backends answer for themselves, see routes/ollama.yaml).
     */
    public void writeShow(Exchange exchange) {
        Route route = RequestContext.of(exchange).route();
        Backend backend = route.backend();
        ObjectNode json = Json.object().put("modelfile", "").put("parameters", "").put("template", "");
        json.putObject("details").put("parent_model", "").put("format", "").put("family", backend.dialect())
                .putNull("families").put("parameter_size", "").put("quantization_level", "");
        json.putObject("model_info").put("general.architecture", "unknown")
                .put("gateway.backend", backend.name()).put("gateway.model", route.model());
        json.putArray("capabilities").add("completion");
        json.put("modified_at", Instant.now().toString());
        respond(exchange, json);
    }

    /** {@code {"error":"…"}} */
    @Override
    protected ObjectNode errorJson(GatewayException error) {
        return Json.object().put("error", error.getMessage());
    }
}
