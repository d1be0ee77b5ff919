package dev.llmgateway.discovery;

import dev.llmgateway.backend.Backend;
import dev.llmgateway.http.Failures;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.security.LogSafe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of every backend as last discovered by the {@code llm-discovery} timer route, with
 * reachability, last error and time of check. Logs only when a backend changes state, so a backend
 * that stays down costs one WARN line, not one per period.
 */
public class ModelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private static final Comparator<ModelInfo> ORDER = Comparator.comparing(ModelInfo::id);

    private final Map<String, BackendStatus> byName = new LinkedHashMap<>();
    private long version;
    private long publishedVersion;

    /** The backend answered its model list. */
    public synchronized void up(Backend backend, List<ModelInfo> models) {
        List<ModelInfo> sorted = new ArrayList<>(models);
        sorted.sort(ORDER);
        BackendStatus before = byName.get(backend.name());
        if (before == null || !before.reachable()) {
            LOG.info("Backend {} at {} is reachable: {} models", backend.name(), backend.baseUrl(), sorted.size());
        }
        put(new BackendStatus(backend.name(), backend.dialect(), backend.category(), backend.baseUrl(), false, true,
                sorted, Instant.now(), null));
    }

    /** Listing the backend's models failed. */
    public synchronized void down(Backend backend, Throwable failure) {
        String reason = Failures.describe(failure, backend).getMessage();
        BackendStatus before = byName.get(backend.name());
        if (before == null || before.reachable()) {
            LOG.warn("Model discovery: {}", LogSafe.text(reason));
        }
        put(new BackendStatus(backend.name(), backend.dialect(), backend.category(), backend.baseUrl(), false, false,
                List.of(), Instant.now(), reason));
    }

    /** The backend cannot be used as configured (e.g. its API key is not set): not asked, not an error. */
    public synchronized void disabled(Backend backend) {
        if (!byName.containsKey(backend.name())) {
            LOG.info("Backend {} is disabled: {}", backend.name(), backend.disabledReason());
        }
        put(new BackendStatus(backend.name(), backend.dialect(), backend.category(), backend.baseUrl(), true, false,
                List.of(), Instant.now(), backend.disabledReason()));
    }

    private void put(BackendStatus status) {
        if (status.differsFrom(byName.put(status.name(), status))) {
            version++;
        }
    }

    /** True once per change: whether clients should be sent a fresh status. */
    public synchronized boolean takeChange() {
        boolean changed = version != publishedVersion;
        publishedVersion = version;
        return changed;
    }

    public synchronized boolean isEmpty() {
        return byName.isEmpty();
    }

    public synchronized List<BackendStatus> statuses() {
        return List.copyOf(byName.values());
    }

    /** The models of all reachable backends, by backend then id. */
    public synchronized List<ModelInfo> models() {
        List<ModelInfo> models = new ArrayList<>();
        byName.values().stream().filter(BackendStatus::reachable)
                .sorted(Comparator.comparing(BackendStatus::name))
                .forEach(status -> models.addAll(status.models()));
        return models;
    }
}
