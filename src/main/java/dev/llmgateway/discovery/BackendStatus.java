package dev.llmgateway.discovery;

import dev.llmgateway.model.ModelInfo;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What the last discovery found out about one backend. */
public record BackendStatus(String name, String type, String category, String baseUrl, boolean disabled,
                            boolean reachable, List<ModelInfo> models, Instant checkedAt, String error) {

    public BackendStatus {
        models = List.copyOf(models);
    }

    /** True when a client would see a difference (the check time alone is not one). */
    boolean differsFrom(BackendStatus other) {
        return other == null || reachable != other.reachable || !models.equals(other.models)
                || !Objects.equals(error, other.error);
    }
}
