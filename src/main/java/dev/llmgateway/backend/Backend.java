package dev.llmgateway.backend;

import dev.llmgateway.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One configured backend: {@code agents.backends.<name>.*} in application.properties.
 *
 * @param name           the configured name, e.g. {@code lmStudio} (matched case-insensitively)
 * @param dialect        the wire dialect ({@code type}); selects the codec (dev.llmgateway.backend.BackendCodecs)
 * @param baseUrl        e.g. {@code http://localhost:11434} or {@code http://127.0.0.1:1234/v1}; the first
 *                       of its {@link #replicas()} when it has several
 * @param apiKey         sent upstream in the dialect's auth header; empty when none
 * @param defaultModel   model used when the request names none, or null
 * @param category       {@code local}, {@code self-hosted} or {@code third-party}
 * @param disabledReason why requests cannot go there (e.g. its API key is not set), or null
 * @param settings       every other {@code agents.backends.<name>.<key>}: per-backend options a
 *                       codec may read, e.g. {@code maxTokens} (Anthropic) or {@code model} (TGI),
 *                       and the time limits ({@code connectTimeout: 10s}, ..., else {@code agents.timeouts.*})
 * @param limits         the time limits, read from the settings once
 */
public record Backend(String name, String dialect, String baseUrl, String apiKey, String defaultModel,
                      String category, String disabledReason, Map<String, String> settings, Limits limits) {

    /** The time limits of a backend's calls; a value that is no duration fails the start, naming it. */
    public record Limits(Duration connect, Duration firstByte, Duration idle, Duration total) {

        static Limits of(String backend, Map<String, String> settings) {
            return new Limits(read(backend, settings, "connectTimeout", "10s"), read(backend, settings, "firstByteTimeout", "5m"),
                    read(backend, settings, "idleTimeout", "2m"), read(backend, settings, "totalTimeout", "30m"));
        }

        private static Duration read(String backend, Map<String, String> settings, String limit, String otherwise) {
            String value = settings.get(limit);
            return Durations.parse("agents.backends." + backend + "." + limit + " (or agents.timeouts." + limit + ")",
                    value == null || value.isBlank() ? otherwise : value);
        }
    }

    public Backend {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public Backend(String name, String dialect, String baseUrl, String apiKey, String defaultModel,
                   String category, String disabledReason, Map<String, String> settings) {
        this(name, dialect, baseUrl, apiKey, defaultModel, category, disabledReason, settings,
                Limits.of(name, settings == null ? Map.of() : settings));
    }

    public Backend(String name, String dialect, String baseUrl, String apiKey, String defaultModel) {
        this(name, dialect, baseUrl, apiKey, defaultModel, "local", null, Map.of());
    }

    /** The setting that lists a backend's replicas, when {@code baseUrl} names several. */
    static final String REPLICAS = "replicas";

    /** The base URLs of its replicas: {@code baseUrl} alone, or each one {@code baseUrl} listed. */
    public List<String> replicas() {
        return setting(REPLICAS).map(list -> List.of(list.split(","))).orElse(List.of(baseUrl));
    }

    /** The same backend as one of its replicas sees it: that replica's base URL (in error messages). */
    public Backend atReplica(String replicaUrl) {
        return new Backend(name, dialect, replicaUrl, apiKey, defaultModel, category, disabledReason, settings, limits);
    }

    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    public boolean enabled() {
        return disabledReason == null;
    }

    /** Longest wait to open a connection ({@code connectTimeout}, default 10 s). */
    public long connectTimeoutMillis() {
        return limits.connect().toMillis();
    }

    /** Longest wait for the reply to begin ({@code firstByteTimeout}, default 5 min: slow local models). */
    public long firstByteTimeoutMillis() {
        return limits.firstByte().toMillis();
    }

    /**
     * The HTTP client's read timeout: a backstop only, longer than both the first-byte and the idle
     * limit, which the gateway enforces itself (dev.llmgateway.stream.UpstreamCall) to the quarter
     * second. A read timeout alone could do neither: it would cut a stream at the first-byte limit
     * between two chunks, and a backend trickling its headers byte by byte would never hit it.
     */
    public long readTimeoutMillis() {
        return Math.max(firstByteTimeoutMillis(), idleTimeoutMillis()) + 5_000;
    }

    /** Longest silence between two chunks of a reply ({@code idleTimeout}, default 2 min). */
    public long idleTimeoutMillis() {
        return limits.idle().toMillis();
    }

    /** Longest a whole reply may take ({@code totalTimeout}, default 30 min). */
    public long totalTimeoutMillis() {
        return limits.total().toMillis();
    }

    /** A per-backend option, e.g. {@code setting("maxTokens")}. */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key)).filter(v -> !v.isBlank());
    }

    /** Never prints the key: records are logged and traced. */
    @Override
    public String toString() {
        return "Backend[" + name + ", " + dialect + ", " + category + ", " + baseUrl
                + (hasApiKey() ? ", apiKey=***" : "") + (enabled() ? "" : ", disabled: " + disabledReason) + "]";
    }
}
