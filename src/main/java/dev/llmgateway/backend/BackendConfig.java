package dev.llmgateway.backend;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Reads one backend from {@code agents.backends.<name>.*}:
 * <pre>
 * agents.backends.openai.baseUrl=https://api.openai.com/v1
 * agents.backends.openai.type=openai                    # dialect; default by name, see below
 * agents.backends.openai.apiKey={{env:OPENAI_API_KEY:}}
 * agents.backends.openai.category=third-party          # local | self-hosted | third-party
 * agents.backends.tgi.model=tgi                         # any other key: a setting its codec reads
 * </pre>
 * A third-party backend without a key is disabled, naming the variable to set.
 */
final class BackendConfig {

    private static final String PREFIX = "agents.backends.";
    private static final Set<String> KNOWN = Set.of("baseUrl", "type", "endpointType", "apiKey", "defaultModel", "category",
            "onlyWithKey");
    /** Time limits: agents.backends.<name>.<limit>, else agents.timeouts.<limit>. */
    private static final Set<String> LIMITS = Set.of("connectTimeout", "firstByteTimeout", "idleTimeout", "totalTimeout");
    private static final Set<String> THIRD_PARTY_DIALECTS = Set.of("anthropic", "gemini");
    private static final Set<String> THIRD_PARTY_HOSTS = Set.of("api.openai.com", "api.anthropic.com",
            "generativelanguage.googleapis.com", "api.mistral.ai", "api.groq.com", "openrouter.ai");
    private static final Pattern ENV = Pattern.compile("env:([A-Za-z0-9_]+)");

    private BackendConfig() {
    }

    /**
     * For a backend with {@code onlyWithKey=true} (the providers application.properties ships) whose
     * key is not set: what to set. Such a backend is left out, rather than listed as disabled, so
     * that its name routes nothing: {@code openai/gpt-oss-20b} stays an LM Studio model id.
     */
    static Optional<String> offWithoutKey(String name, PropertiesComponent properties, Properties raw) {
        String prefix = PREFIX + name + ".";
        if (!value(properties, prefix + "onlyWithKey").map(Boolean::parseBoolean).orElse(false)
                || value(properties, prefix + "apiKey").isPresent()) {
            return Optional.empty();
        }
        Matcher env = ENV.matcher(raw.getProperty(prefix + "apiKey", ""));
        return Optional.of(env.find() ? "the environment variable " + env.group(1) : prefix + "apiKey");
    }

    /** The backend, or empty when it has no base URL. */
    static Optional<Backend> read(String name, PropertiesComponent properties, Properties raw) {
        String prefix = PREFIX + name + ".";
        Optional<String> baseUrl = value(properties, prefix + "baseUrl");
        if (baseUrl.isEmpty()) {
            return Optional.empty();
        }
        boolean nativeEndpoint = value(properties, prefix + "endpointType").orElse("openai").equalsIgnoreCase("native");
        String dialect = value(properties, prefix + "type").orElse(defaultDialect(name, nativeEndpoint)).toLowerCase(Locale.ROOT);
        // several base URLs, comma-separated: replicas of one server, among which each call picks
        List<String> replicas = new ArrayList<>();
        for (String given : baseUrl.get().split("\\s*,\\s*")) {
            String replica = hostUrl(stripSlash(given));
            if (nativeEndpoint && replica.endsWith("/v1")) {
                replica = replica.substring(0, replica.length() - 3);       // LM Studio's native API sits at the root
            }
            replicas.add(replica);
        }
        String url = replicas.get(0);
        String category = value(properties, prefix + "category").orElse(defaultCategory(name, dialect, url));
        String apiKey = value(properties, prefix + "apiKey").orElse("");
        String disabled = null;
        if (category.equals("third-party") && apiKey.isBlank()) {
            Matcher env = ENV.matcher(raw.getProperty(prefix + "apiKey", ""));
            disabled = "no API key: set " + (env.find() ? "the environment variable " + env.group(1) : prefix + "apiKey");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : raw.stringPropertyNames()) {
            String setting = key.startsWith(prefix) ? key.substring(prefix.length()) : null;
            if (setting != null && !KNOWN.contains(setting)) {
                value(properties, key).ifPresent(v -> settings.put(setting, v));
            }
        }
        if (replicas.size() > 1) {
            settings.put(Backend.REPLICAS, String.join(",", replicas));
        }
        for (String limit : LIMITS) {
            if (!settings.containsKey(limit)) {
                value(properties, "agents.timeouts." + limit).ifPresent(v -> settings.put(limit, v));
            }
        }
        return Optional.of(new Backend(name, dialect, url, apiKey, value(properties, prefix + "defaultModel").orElse(null),
                category, disabled, settings));
    }

    /**
     * Without {@code .type}: a backend named ollama speaks Ollama's native API, one named
     * anthropic or gemini their APIs, one with {@code .endpointType=native} LM Studio's native
     * API; every other one the OpenAI dialect.
     */
    private static String defaultDialect(String name, boolean nativeEndpoint) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("ollama") || lower.equals("anthropic") || lower.equals("gemini")) {
            return lower;
        }
        return nativeEndpoint ? "lmstudio" : "openai";
    }

    /** Anthropic, Gemini and known cloud hosts are third-party; this machine is local; the rest self-hosted. */
    private static String defaultCategory(String name, String dialect, String url) {
        String host = host(url);
        if (THIRD_PARTY_DIALECTS.contains(dialect) || THIRD_PARTY_HOSTS.contains(host)) {
            return "third-party";
        }
        boolean thisMachine = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1") || host.equals("[::1]");
        boolean desktopApp = name.equalsIgnoreCase("ollama") || name.equalsIgnoreCase("lmStudio");
        return thisMachine || desktopApp ? "local" : "self-hosted";
    }

    private static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static Optional<String> value(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * A base URL given as a host, as OLLAMA_HOST often is ({@code gpu-box:11434},
     * {@code 0.0.0.0:11434}): with {@code http://}, and a listen-everywhere address as this machine.
     */
    static String hostUrl(String url) {
        String withScheme = url.contains("://") ? url : "http://" + url;
        return withScheme.replaceFirst("^(https?://)0\\.0\\.0\\.0(?=[:/]|$)", "$1127.0.0.1");
    }

    /**
     * Where a backend's base URL came from, for the status: {@code environment} (its
     * {@code AGENTS_BACKENDS_<NAME>_BASEURL}, or a variable its file setting names, e.g.
     * OPENAI_BASE_URL or OPENAI_API_KEY), {@code command line} ({@code --prop=…}) or {@code file}.
     */
    static String source(String name, PropertiesComponent properties, Properties raw) {
        String key = PREFIX + name + ".baseUrl";
        if (System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')) != null) {
            return "environment";
        }
        Properties overrides = properties instanceof org.apache.camel.component.properties.PropertiesComponent camel
                ? camel.getOverrideProperties() : null;
        if (overrides != null && overrides.containsKey(key)) {
            return "command line";
        }
        for (String setting : List.of("baseUrl", "apiKey")) {
            Matcher env = ENV.matcher(raw.getProperty(PREFIX + name + "." + setting, ""));
            while (env.find()) {
                if (System.getenv(env.group(1)) != null) {
                    return "environment";
                }
            }
        }
        return "file";
    }

    private static String stripSlash(String url) {
        String trimmed = url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
