package dev.llmgateway.dialect.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendRegistry;
import dev.llmgateway.camel.ContextBean;
import dev.llmgateway.http.JsonReply;
import dev.llmgateway.json.Json;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/ps} (routes/ollama.yaml): the models every enabled Ollama backend has loaded, from
 * its own {@code /api/ps} (of each of its replicas), merged, each name with its backend's prefix as {@code /api/tags} lists
 * them. A backend of another dialect has no such list and adds nothing; an Ollama backend that does
 * not answer adds nothing either (a warning in the log), as a client polling it expects a list.
 * <pre>
 * Ollama:  {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":3825819519,"digest":"a80c4f…",
 *           "details":{"format":"gguf","family":"llama",…},"expires_at":"2026-12-03T10:38:31Z","size_vram":3825819519}]}
 * gateway: {"models":[{"name":"ollama/llama3.2:latest","model":"ollama/llama3.2:latest",…the rest as Ollama sent it}]}
 * </pre>
 * Also the split's aggregation: the lists of the backends, joined.
 */
public class OllamaRunningModels extends ContextBean implements AggregationStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(OllamaRunningModels.class);
    private static final String BACKEND = "llmBackend";
    private static final String SERVER = "llmServer";

    /** One Ollama server to ask: a backend, or one of its replicas. */
    public record Server(Backend backend, String baseUrl) {
    }

    /** Every replica of every enabled Ollama backend, whose {@code /api/ps} is asked (the registry {@code llmBackends}). */
    public List<Server> servers() {
        BackendRegistry backends = getCamelContext().getRegistry().lookupByNameAndType("llmBackends", BackendRegistry.class);
        return backends.all().stream().filter(backend -> backend.enabled() && "ollama".equals(backend.dialect()))
                .flatMap(backend -> backend.replicas().stream().map(url -> new Server(backend, url))).toList();
    }

    /** Before the call: the server's URL, the backend's key when it sits behind a proxy that wants one; no other header. */
    public void prepare(Server server, Exchange exchange) {
        Backend backend = server.backend();
        exchange.setProperty(BACKEND, backend);
        exchange.setProperty(SERVER, server.baseUrl());
        exchange.getMessage().getHeaders().clear();
        if (backend.hasApiKey()) {
            exchange.getMessage().setHeader("Authorization", "Bearer " + backend.apiKey());
        }
        exchange.getMessage().setBody(null);
    }

    /** After the call: the backend's models, named with its prefix; none when it failed. */
    public ArrayNode read(byte[] body, Exchange exchange) {
        Backend backend = exchange.getProperty(BACKEND, Backend.class);
        ArrayNode models = Json.MAPPER.createArrayNode();
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        JsonNode json;
        try {
            json = status == 200 && body != null ? Json.parse(body) : null;
        } catch (IOException notJson) {
            json = null;
        }
        if (json == null || !json.path("models").isArray()) {
            LOG.warn("GET /api/ps: backend '{}' answered {} without a model list", backend.name(), status);
            return models;
        }
        for (JsonNode model : json.path("models")) {
            if (model instanceof ObjectNode loaded) {
                ObjectNode named = loaded.deepCopy();
                named.put("name", backend.name() + "/" + loaded.path("name").asText(loaded.path("model").asText()));
                named.put("model", backend.name() + "/" + loaded.path("model").asText(loaded.path("name").asText()));
                models.add(named);
            }
        }
        return models;
    }

    /** A backend that could not be reached adds nothing. */
    public ArrayNode unreachable(Exception failure, Exchange exchange) {
        Backend backend = exchange.getProperty(BACKEND, Backend.class);
        LOG.warn("GET /api/ps: backend '{}' is unreachable: {}", backend.name(), failure.getMessage());
        return Json.MAPPER.createArrayNode();
    }

    @Override
    public Exchange aggregate(Exchange joined, Exchange next) {
        if (joined == null) {
            return next;
        }
        joined.getMessage().getBody(ArrayNode.class).addAll(next.getMessage().getBody(ArrayNode.class));
        return joined;
    }

    /** The merged list in Ollama's shape; a model that several replicas of a backend hold, once. */
    public void write(Object merged, Exchange exchange) {
        ObjectNode json = Json.object();
        ArrayNode models = json.putArray("models");
        Set<String> names = new HashSet<>();
        if (merged instanceof ArrayNode all) {
            all.forEach(model -> {
                if (names.add(model.path("name").asText())) {
                    models.add(model);
                }
            });
        }
        JsonReply.send(exchange, 200, "application/json; charset=utf-8", json);
    }
}
