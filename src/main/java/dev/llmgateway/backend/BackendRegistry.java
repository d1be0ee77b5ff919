package dev.llmgateway.backend;

import dev.llmgateway.config.HostSettings;
import dev.llmgateway.model.GatewayException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends configured under {@code agents.backends.<name>.*}, read once at start from Camel's
 * properties (so environment variables and JVM system properties override the file):
 * <pre>
 * agents.defaultBackend=ollama
 * agents.backends.ollama.baseUrl=http://localhost:11434
 * agents.backends.lmStudio.baseUrl=http://127.0.0.1:1234/v1
 * agents.backends.lmStudio.type=openai
 * agents.backends.lmStudio.endpointType=native     (LM Studio's own REST API instead of /v1)
 * </pre>
 * Names match case-insensitively: {@code lmstudio} selects {@code lmStudio}.
 */
public class BackendRegistry implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(BackendRegistry.class);
    private static final String PREFIX = "agents.backends.";
    private static final Pattern ENV_BACKEND = Pattern.compile("AGENTS_BACKENDS_([A-Za-z0-9]+)_BASEURL");

    private CamelContext camelContext;
    private volatile Map<String, Backend> byLowerName;
    private String defaultBackend;
    private String defaultModel;
    private PrivacyRules privacy;
    private Map<String, List<Backend>> fallbacks;
    private Map<String, String> sources = Map.of();

    /** Reads and logs the configuration at start ({@code initMethod} of the YAML bean). */
    public void init() {
        backends();
    }

    /** Reads the configuration once, on first use at the latest. */
    private Map<String, Backend> backends() {
        Map<String, Backend> loaded = byLowerName;
        if (loaded == null) {
            synchronized (this) {
                if (byLowerName == null) {
                    byLowerName = load();
                }
                loaded = byLowerName;
            }
        }
        return loaded;
    }

    private Map<String, Backend> load() {
        if (camelContext == null) {
            throw new IllegalStateException("BackendRegistry needs a CamelContext");
        }
        Map<String, Backend> byLowerName = new LinkedHashMap<>();
        PropertiesComponent properties = camelContext.getPropertiesComponent();
        Properties raw = HostSettings.load(camelContext, key -> key.startsWith(PREFIX));
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        raw.stringPropertyNames().forEach(key -> names.add(key.substring(PREFIX.length(),
                key.indexOf('.', PREFIX.length()) < 0 ? key.length() : key.indexOf('.', PREFIX.length()))));
        // hosts whose settings cannot be listed at all may name them
        property("agents.backendNames").ifPresent(list -> names.addAll(List.of(list.split("\\s*,\\s*"))));
        // a backend the environment alone defines: AGENTS_BACKENDS_<NAME>_BASEURL (no file lists it)
        for (String variable : System.getenv().keySet()) {
            Matcher defined = ENV_BACKEND.matcher(variable);
            if (defined.matches()) {
                names.add(defined.group(1).toLowerCase(Locale.ROOT));
            }
        }
        Map<String, String> sources = new LinkedHashMap<>();
        for (String name : names) {
            Optional<String> keyToSet = BackendConfig.offWithoutKey(name, properties, raw);
            if (keyToSet.isPresent()) {
                LOG.info("Backend {} is off until {} is set", name, keyToSet.get());
                continue;
            }
            BackendConfig.read(name, properties, raw).ifPresentOrElse(backend -> {
                        byLowerName.put(name.toLowerCase(Locale.ROOT), backend);
                        sources.put(backend.name(), BackendConfig.source(name, properties, raw));
                    },
                    () -> LOG.warn("Backend '{}' has no agents.backends.{}.baseUrl and is ignored", name, name));
        }
        defaultBackend = property("agents.defaultBackend").orElse("ollama");
        defaultModel = property("agents.defaultModel").or(() -> property("agents.default_model")).orElse(null);
        LOG.info("LLM backends {}; default backend {}, default model {}", byLowerName.values(), defaultBackend,
                defaultModel == null ? "(none)" : defaultModel);
        if (!byLowerName.containsKey(defaultBackend.toLowerCase(Locale.ROOT))) {
            LOG.warn("agents.defaultBackend={} is not a configured backend ({})", defaultBackend, names);
        }
        this.sources = Map.copyOf(sources);
        privacy = readPrivacy(byLowerName);
        fallbacks = readFallbacks(byLowerName);
        return byLowerName;
    }

    private PrivacyRules readPrivacy(Map<String, Backend> backends) {
        String sensitivity = property("agents.defaultSensitivity").orElse("normal");
        boolean privateByDefault = !sensitivity.equalsIgnoreCase("normal") && !sensitivity.equalsIgnoreCase("public");
        if (privateByDefault && !sensitivity.equalsIgnoreCase("private")) {
            LOG.error("agents.defaultSensitivity={} is neither private nor normal: treated as private", sensitivity);
        }
        Set<String> privateModels = new TreeSet<>();
        property("agents.privateModels").ifPresent(list -> privateModels.addAll(List.of(list.split("\\s*,\\s*"))));
        String refuge = property("agents.privateBackend").orElse(null);
        if (refuge != null) {
            Backend target = backends.get(refuge.toLowerCase(Locale.ROOT));
            if (target == null || !PrivacyRules.allows(target)) {
                LOG.error("agents.privateBackend={} is not a configured local or self-hosted backend: private "
                        + "requests for third-party backends are refused instead", refuge);
                refuge = null;
            } else {
                refuge = target.name();
            }
        }
        Map<String, String> patterns = new TreeMap<>();
        String patternPrefix = "agents.privacy.patterns.";
        Properties listed = HostSettings.load(camelContext, key -> key.startsWith(patternPrefix));
        // stringPropertyNames, not forEach: Camel's ordered Properties keep their entries elsewhere
        listed.stringPropertyNames().forEach(key -> patterns.put(key.substring(patternPrefix.length()), listed.getProperty(key)));
        SensitiveData sensitiveData = SensitiveData.of(property("agents.privacy.detect").orElse(""),
                property("agents.privacy.onDetect").orElse("private"), patterns);
        if (sensitiveData.enabled()) {
            LOG.info("Requests whose text holds {} are {}", sensitiveData.detectors(),
                    sensitiveData.action() == SensitiveData.Action.REFUSE ? "refused" : "private");
        }
        PrivacyRules rules = new PrivacyRules(privateByDefault, privateModels, refuge,
                property("agents.privateModel").orElse(null), sensitiveData);
        if (rules.privateByDefault() || !privateModels.isEmpty()) {
            LOG.info("Private requests (local and self-hosted backends only): {}{}; third-party targets go {}",
                    rules.privateByDefault() ? "all by default" : "marked ones",
                    privateModels.isEmpty() ? "" : " and models " + privateModels,
                    refuge == null ? "nowhere (403)" : "to " + refuge);
        }
        return rules;
    }

    /** {@code agents.fallbacks.<backend>=<backend2>,<backend3>}: who answers when a backend cannot. */
    private Map<String, List<Backend>> readFallbacks(Map<String, Backend> backends) {
        Map<String, List<Backend>> read = new LinkedHashMap<>();
        for (Backend backend : backends.values()) {
            property("agents.fallbacks." + backend.name()).ifPresent(list -> {
                List<Backend> chain = new ArrayList<>();
                for (String name : list.split("\\s*,\\s*")) {
                    Backend fallback = backends.get(name.toLowerCase(Locale.ROOT));
                    if (fallback == null || fallback == backend) {
                        LOG.warn("agents.fallbacks.{}: '{}' is not another configured backend and is skipped", backend.name(), name);
                    } else {
                        chain.add(fallback);
                    }
                }
                LOG.info("Backend {} fails over to {}", backend.name(), chain.stream().map(Backend::name).toList());
                read.put(backend.name(), List.copyOf(chain));
            });
        }
        return read;
    }

    /** Where a backend's settings came from: file, environment or command line. */
    public String source(Backend backend) {
        backends();
        return sources.getOrDefault(backend.name(), "file");
    }

    /** The backends that answer, in order, when this one cannot ({@code agents.fallbacks.<name>}). */
    public List<Backend> fallbacks(Backend backend) {
        backends();
        return fallbacks.getOrDefault(backend.name(), List.of());
    }

    /** The privacy rules of {@code agents.defaultSensitivity}, {@code agents.privateModels}, .... */
    public PrivacyRules privacy() {
        backends();
        return privacy;
    }


    private Optional<String> property(String key) {
        return camelContext.getPropertiesComponent().resolveProperty(key)
                .map(String::trim).filter(v -> !v.isEmpty());
    }


    public Optional<Backend> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(backends().get(name.toLowerCase(Locale.ROOT)));
    }

    /** The named backend, or a 400 that lists the configured ones (a 503 when it is disabled). */
    public Backend require(String name) {
        Backend backend = find(name).orElseThrow(() -> GatewayException.unknownBackend(name, names()));
        if (!backend.enabled()) {
            throw new GatewayException(503, "backend_disabled", "backend_disabled",
                    "backend '" + backend.name() + "' is disabled: " + backend.disabledReason());
        }
        return backend;
    }

    public Backend defaultBackend() {
        backends();
        return require(defaultBackend);
    }

    public String defaultBackendName() {
        backends();
        return find(defaultBackend).map(Backend::name).orElse(defaultBackend);
    }

    public String defaultModel() {
        backends();
        return defaultModel;
    }

    public List<Backend> all() {
        return new ArrayList<>(backends().values());
    }

    public List<String> names() {
        return backends().values().stream().map(Backend::name).toList();
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
