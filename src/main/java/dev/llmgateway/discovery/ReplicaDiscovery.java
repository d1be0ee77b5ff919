package dev.llmgateway.discovery;

import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendRegistry;
import dev.llmgateway.camel.ContextBean;
import dev.llmgateway.http.Failures;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.upstream.ReplicaSet;
import dev.llmgateway.upstream.ReplicaSet.Replica;
import dev.llmgateway.upstream.UpstreamComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;

/**
 * Discovery of a backend's replicas (route template {@code llm-backend-models}): each replica is
 * asked for its models on its own, and what it answered is its health in the backend's
 * {@link ReplicaSet}: one that did not answer is left out of calls until it answers again; the models
 * it said it has loaded draw the calls for them. The backend's models are those of every replica that
 * answered; the backend is unreachable only when none did.
 */
public class ReplicaDiscovery extends ContextBean {

    /** The base URLs to ask. */
    public List<String> baseUrls(String backend) {
        return backends().require(backend).replicas();
    }

    /** A replica answered with its models (and the names of those it has loaded, when it tells). */
    public List<ModelInfo> reached(String backend, String baseUrl, List<ModelInfo> models, Collection<String> loaded) {
        Replica replica = replica(backend, baseUrl);
        if (replica != null) {
            replica.discovered(null, loaded);
        }
        return models;
    }

    /** A replica did not answer: the failure becomes its part of the answer. */
    public Exception unreached(String backend, String baseUrl, Exception failure) {
        Replica replica = replica(backend, baseUrl);
        if (replica != null) {
            replica.discovered(Failures.describe(failure, backends().require(backend).atReplica(baseUrl)).getMessage(), null);
        }
        return failure;
    }

    /**
     * The backend's models: every replica's, each id once. When no replica answered, the first
     * one's failure is thrown (the backend is unreachable).
     */
    public List<ModelInfo> merge(List<Object> answers) throws Exception {
        Map<String, ModelInfo> models = new LinkedHashMap<>();
        Exception failure = null;
        boolean reached = false;
        for (Object answer : answers) {
            if (answer instanceof Exception unreachable) {
                failure = failure == null ? unreachable : failure;
            } else if (answer instanceof List<?> list) {
                reached = true;
                list.forEach(model -> models.putIfAbsent(((ModelInfo) model).id(), (ModelInfo) model));
            }
        }
        if (!reached && failure != null) {
            throw failure;
        }
        return new ArrayList<>(models.values());
    }

    /** The replicas of a backend as calls see them. */
    public static List<Replica> of(CamelContext context, Backend backend) {
        ReplicaSet set = replicaSet(context, backend);
        return set == null ? List.of() : set.replicas();
    }

    private Replica replica(String backend, String baseUrl) {
        ReplicaSet set = replicaSet(getCamelContext(), backends().require(backend));
        return set == null ? null : set.replica(baseUrl);
    }

    private static ReplicaSet replicaSet(CamelContext context, Backend backend) {
        // the component the calls use, which is not always the bean of that name (a route may have
        // resolved it before the bean was bound)
        UpstreamComponent upstream = context.getComponent("llm-upstream", UpstreamComponent.class);
        return upstream == null ? null : upstream.replicaSet(backend.name(), String.join(",", backend.replicas()));
    }

    private BackendRegistry backends() {
        return getCamelContext().getRegistry().lookupByNameAndType("llmBackends", BackendRegistry.class);
    }
}
