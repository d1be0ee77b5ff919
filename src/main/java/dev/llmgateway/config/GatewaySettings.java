package dev.llmgateway.config;

import dev.llmgateway.camel.ContextBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code agents.*} and {@code gateway.*} setting with its kind, checked once as the gateway
 * starts (the {@code llmSettings} bean, first of routes/llm-beans.yaml): a value of the wrong kind,
 * or a key that differs from a setting only in case ({@code agents.backends.ollama.baseurl}), stops
 * the start with every such problem named, e.g.
 * <pre>
 * Settings the gateway cannot use:
 *   agents.retry.maxAttempts=abc is not a whole number of 1 or more
 *   agents.defaultbackend is not a setting: did you mean agents.defaultBackend?
 * </pre>
 * Another key under {@code agents.} or {@code gateway.} is logged as unknown, with the setting it
 * most likely means ({@code agents.retry.maxAtempts (did you mean agents.retry.maxAttempts?)}). Keys
 * and API keys are never shown.
 */
public class GatewaySettings extends ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger(GatewaySettings.class);

    /** How a setting's value is read. */
    enum Kind {
        TEXT(null),
        DURATION(null),
        COUNT("a whole number of 1 or more"),
        COUNT_OR_ZERO("a whole number of 0 or more"),
        PERCENT("a number above 0 and up to 100"),
        PORT("a port number from 1 to 65535"),
        SENSITIVITY("private, normal or public"),
        SWITCH("auto, true or false");

        private final String allowed;

        Kind(String allowed) {
            this.allowed = allowed;
        }
    }

    private static final Map<String, Kind> SETTINGS = Map.ofEntries(
            Map.entry("agents.defaultBackend", Kind.TEXT),
            Map.entry("agents.defaultModel", Kind.TEXT),
            Map.entry("agents.default_model", Kind.TEXT),
            Map.entry("agents.defaultSensitivity", Kind.SENSITIVITY),
            Map.entry("agents.privateModels", Kind.TEXT),
            Map.entry("agents.privateBackend", Kind.TEXT),
            Map.entry("agents.privateModel", Kind.TEXT),
            Map.entry("agents.privacy.detect", Kind.TEXT),
            Map.entry("agents.privacy.onDetect", Kind.TEXT),
            Map.entry("agents.backendNames", Kind.TEXT),
            Map.entry("agents.retry.maxAttempts", Kind.COUNT),
            Map.entry("agents.retry.backoff", Kind.DURATION),
            Map.entry("agents.retry.maxRetryAfter", Kind.DURATION),
            Map.entry("agents.breaker.slidingWindowSize", Kind.COUNT),
            Map.entry("agents.breaker.minimumNumberOfCalls", Kind.COUNT),
            Map.entry("agents.breaker.failureRateThreshold", Kind.PERCENT),
            Map.entry("agents.breaker.waitDurationInOpenState", Kind.DURATION),
            Map.entry("agents.breaker.permittedNumberOfCallsInHalfOpenState", Kind.COUNT),
            Map.entry("agents.discovery.period", Kind.DURATION),
            Map.entry("agents.timeouts.connectTimeout", Kind.DURATION),
            Map.entry("agents.timeouts.firstByteTimeout", Kind.DURATION),
            Map.entry("agents.timeouts.idleTimeout", Kind.DURATION),
            Map.entry("agents.timeouts.totalTimeout", Kind.DURATION),
            Map.entry("gateway.host", Kind.TEXT),
            Map.entry("gateway.auth.keys", Kind.TEXT), Map.entry("gateway.auth.adminKeys", Kind.TEXT),
            Map.entry("gateway.auth.publicPaths", Kind.TEXT),
            Map.entry("gateway.store.url", Kind.TEXT), Map.entry("gateway.store.dir", Kind.TEXT),
            Map.entry("gateway.store.user", Kind.TEXT), Map.entry("gateway.store.password", Kind.TEXT),
            Map.entry("gateway.store.syncPeriod", Kind.DURATION), Map.entry("gateway.prices", Kind.TEXT),
            Map.entry("gateway.store.redis", Kind.TEXT),
            Map.entry("gateway.allowedOrigins", Kind.TEXT),
            Map.entry("gateway.allowedHosts", Kind.TEXT),
            Map.entry("gateway.cors.allowedOrigins", Kind.TEXT),
            Map.entry("gateway.ws.host", Kind.TEXT),
            Map.entry("gateway.ws.port", Kind.PORT),
            Map.entry("gateway.ws.maxConcurrentChats", Kind.COUNT),
            Map.entry("gateway.modelTests.sequence", Kind.TEXT),
            Map.entry("gateway.modelTests.dir", Kind.TEXT),
            Map.entry("gateway.http.virtualThreads", Kind.SWITCH),
            Map.entry("gateway.http.workerThreads", Kind.COUNT),
            Map.entry("gateway.http.maxConcurrentChats", Kind.COUNT),
            Map.entry("gateway.http.idleTimeout", Kind.DURATION),
            Map.entry("gateway.http.headerTimeout", Kind.DURATION),
            Map.entry("gateway.http.bodyTimeout", Kind.DURATION),
            Map.entry("gateway.http.maxConnectionsPerClient", Kind.COUNT_OR_ZERO),
            Map.entry("gateway.limits.maxMessages", Kind.COUNT),
            Map.entry("gateway.responses.maxStored", Kind.COUNT), Map.entry("gateway.responses.ttl", Kind.DURATION),
            Map.entry("gateway.limits.maxWebSocketMessage", Kind.COUNT));

    /** {@code agents.backends.<name>.<setting>}; the codecs read some of their own (maxTokens, upstreamModel). */
    private static final Pattern BACKEND = Pattern.compile("agents\\.backends\\.([^.]+)\\.(.+)");
    private static final Map<String, Kind> BACKEND_SETTINGS = Map.ofEntries(
            Map.entry("baseUrl", Kind.TEXT), Map.entry("type", Kind.TEXT), Map.entry("endpointType", Kind.TEXT),
            Map.entry("apiKey", Kind.TEXT), Map.entry("defaultModel", Kind.TEXT), Map.entry("category", Kind.TEXT),
            Map.entry("onlyWithKey", Kind.SWITCH),
            Map.entry("upstreamModel", Kind.TEXT), Map.entry("maxTokensField", Kind.TEXT), Map.entry("maxTokens", Kind.COUNT),
            Map.entry("connectTimeout", Kind.DURATION), Map.entry("firstByteTimeout", Kind.DURATION),
            Map.entry("idleTimeout", Kind.DURATION), Map.entry("totalTimeout", Kind.DURATION));
    private static final Pattern FALLBACKS = Pattern.compile("agents\\.(fallbacks|privacy\\.patterns)\\.[^.]+");
    private static final Set<String> SECRET = Set.of("gateway.auth.keys", "gateway.auth.adminKeys", "gateway.store.url",
            "gateway.store.password", "gateway.store.redis");
    private static final String WARNED = "llmSettingsWarned";

    /** Checks every setting ({@code initMethod}); an IllegalArgumentException naming each problem stops the start. */
    public void check() {
        PropertiesComponent properties = getCamelContext().getPropertiesComponent();
        Properties all = HostSettings.load(getCamelContext(), key -> key.startsWith("agents.") || key.startsWith("gateway."));
        List<String> problems = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        for (String key : new TreeSet<>(all.stringPropertyNames())) {
            Optional<Kind> kind = kindOf(key);
            if (kind.isPresent() && kind.get() != Kind.TEXT) {
                String value = properties.resolveProperty(key).map(String::trim).orElse("");
                problem(key, value, kind.get()).ifPresent(problems::add);
            } else if (kind.isEmpty()) {
                Optional<String> meant = spelledOtherwise(key);
                if (meant.isPresent()) {
                    problems.add(key + " is not a setting: did you mean " + meant.get() + "?");
                } else {
                    unknown.add(key);
                }
            }
        }
        if (!unknown.isEmpty() && getCamelContext().getRegistry().lookupByName(WARNED) == null) {
            getCamelContext().getRegistry().bind(WARNED, Boolean.TRUE);      // once: Camel creates YAML beans twice
            LOG.warn("Settings the gateway does not know, ignored: {}", unknown.stream()
                    .map(key -> closest(key).map(meant -> key + " (did you mean " + meant + "?)").orElse(key)).toList());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Settings the gateway cannot use:\n  " + String.join("\n  ", problems));
        }
    }

    private static Optional<Kind> kindOf(String key) {
        if (SETTINGS.containsKey(key)) {
            return Optional.of(SETTINGS.get(key));
        }
        Matcher backend = BACKEND.matcher(key);
        if (backend.matches()) {
            return Optional.ofNullable(BACKEND_SETTINGS.get(backend.group(2)));
        }
        return FALLBACKS.matcher(key).matches() ? Optional.of(Kind.TEXT) : Optional.empty();
    }

    /** The setting {@code key} means when only its case is wrong. */
    private static Optional<String> spelledOtherwise(String key) {
        Matcher backend = BACKEND.matcher(key);
        if (backend.matches()) {
            return BACKEND_SETTINGS.keySet().stream().filter(name -> name.equalsIgnoreCase(backend.group(2)))
                    .map(name -> "agents.backends." + backend.group(1) + "." + name).findFirst();
        }
        return SETTINGS.keySet().stream().filter(name -> name.equalsIgnoreCase(key)).findFirst();
    }

    /**
     * The known setting a mistyped key most likely means: at most two letters added, left out or
     * changed ({@code agents.retry.maxAtempts} → {@code agents.retry.maxAttempts}).
     */
    static Optional<String> closest(String key) {
        Matcher backend = BACKEND.matcher(key);
        if (backend.matches()) {
            return BACKEND_SETTINGS.keySet().stream().filter(name -> distance(name, backend.group(2)) <= 2)
                    .min((a, b) -> distance(a, backend.group(2)) - distance(b, backend.group(2)))
                    .map(name -> "agents.backends." + backend.group(1) + "." + name);
        }
        return SETTINGS.keySet().stream().filter(name -> distance(name, key) <= 2)
                .min((a, b) -> distance(a, key) - distance(b, key));
    }

    /** Levenshtein's edit distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + change);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** What is wrong with {@code value} for a setting of {@code kind}, if anything; an empty value means the default. */
    static Optional<String> problem(String key, String value, Kind kind) {
        if (value.isEmpty() || kind == Kind.TEXT) {
            return Optional.empty();
        }
        if (kind == Kind.DURATION) {
            try {
                Durations.parse(key, value);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        }
        boolean fits = switch (kind) {
            case COUNT -> wholeNumber(value, 1, Long.MAX_VALUE);
            case COUNT_OR_ZERO -> wholeNumber(value, 0, Long.MAX_VALUE);
            case PORT -> wholeNumber(value, 1, 65535);
            case PERCENT -> percent(value);
            case SENSITIVITY -> Set.of("private", "normal", "public").contains(value.toLowerCase(Locale.ROOT));
            case SWITCH -> Set.of("auto", "true", "false").contains(value.toLowerCase(Locale.ROOT));
            default -> true;
        };
        String shown = SECRET.contains(key) || key.endsWith(".apiKey") ? "(hidden)" : value;
        return fits ? Optional.empty() : Optional.of(key + "=" + shown + " is not " + kind.allowed);
    }

    private static boolean wholeNumber(String value, long min, long max) {
        try {
            long number = Long.parseLong(value);
            return number >= min && number <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean percent(String value) {
        try {
            double number = Double.parseDouble(value);
            return number > 0 && number <= 100;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
