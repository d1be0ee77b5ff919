package dev.llmgateway.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.BackendRegistry;
import dev.llmgateway.backend.CircuitBreakers;
import dev.llmgateway.camel.ContextBean;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.upstream.ReplicaSet.Replica;

/**
 * The {@code status} message, sent over WebSocket on connect and on every change, and served at
 * {@code GET /api/status}:
 * <pre>
 * {"type":"status","defaultBackend":"ollama","defaultModel":"llama3.2",
 *  "ollamaModels":["llama3.2:latest"],"lmStudioModels":[],
 *  "backends":{"ollama":{"type":"ollama","category":"local","baseUrl":"http://localhost:11434","reachable":true,
 *                        "models":["llama3.2:latest"],"checkedAt":"2026-11-26T14:00:00Z","circuitBreaker":"CLOSED"},
 *              "farm":{…,"replicas":[{"baseUrl":"http://gpu1:11434","reachable":true,"inFlight":2,"failures":0,
 *                                     "loaded":["llama3.2"]},{"baseUrl":"http://gpu2:11434",…}]},
 *              "lmStudio":{"type":"openai",…,"reachable":false,"models":[],"error":"backend 'lmStudio' is unreachable at …"}}}
 * </pre>
 */
public class GatewayStatus extends ContextBean {

    private final BackendRegistry backends;
    private final ModelRegistry models;

    public GatewayStatus(BackendRegistry backends, ModelRegistry models) {
        this.backends = backends;
        this.models = models;
    }

    public String json() {
        ObjectNode status = Json.object().put("type", "status")
                .put("defaultBackend", backends.defaultBackendName()).put("defaultModel", backends.defaultModel());
        ArrayNode ollama = status.putArray("ollamaModels");
        ArrayNode lmStudio = status.putArray("lmStudioModels");
        ObjectNode perBackend = status.putObject("backends");
        for (BackendStatus backend : models.statuses()) {
            ObjectNode node = perBackend.putObject(backend.name()).put("type", backend.type())
                    .put("category", backend.category()).put("baseUrl", backend.baseUrl())
                    .put("reachable", backend.reachable());
            if (backend.disabled()) {
                node.put("disabled", true);
            }
            backends.find(backend.name()).ifPresent(configured -> {
                node.put("settingsFrom", backends.source(configured));
                if (configured.replicas().size() > 1 && getCamelContext() != null) {
                    ArrayNode replicas = node.putArray("replicas");
                    ReplicaDiscovery.of(getCamelContext(), configured).forEach(replica -> replicas.add(replicaJson(replica)));
                }
            });
            ArrayNode ids = node.putArray("models");
            backend.models().stream().map(ModelInfo::id).forEach(ids::add);
            node.put("checkedAt", backend.checkedAt().toString());
            Json.putIfSet(node, "error", backend.error());
            Json.putIfSet(node, "circuitBreaker", getCamelContext() == null ? null : CircuitBreakers.state(getCamelContext(), backend.name()));
            if (backend.name().equalsIgnoreCase("ollama")) {
                ollama.addAll(ids);
            } else if (backend.name().equalsIgnoreCase("lmStudio")) {
                lmStudio.addAll(ids);
            }
        }
        return Json.write(status);
    }

    /** {@code {"baseUrl":"http://gpu1:11434","reachable":true,"inFlight":2,"failures":0,"loaded":["llama3.2"]}} */
    private static ObjectNode replicaJson(Replica replica) {
        ObjectNode node = Json.object().put("baseUrl", replica.baseUrl());
        if (replica.reachable() != null) {
            node.put("reachable", replica.reachable());
        }
        node.put("inFlight", replica.inFlight()).put("failures", replica.failures());
        replica.loaded().stream().sorted().forEach(node.putArray("loaded")::add);
        Json.putIfSet(node, "error", replica.error());
        return node;
    }
}
