package dev.llmgateway.backend;

import dev.llmgateway.camel.ContextBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.model.Model;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.apache.camel.support.component.PropertyConfigurerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two routes of every enabled backend, which Camel creates from their templates as it
 * initialises, before any route starts (Camel does so for every {@link RouteTemplateParameterSource}
 * in its registry): its chat route {@code direct:llm-backend-<name>} (template {@code llm-backend},
 * routes/llm-chat.yaml) and its model-list route {@code direct:llm-models-<name>} (template
 * {@code llm-backend-models}, routes/llm-discovery.yaml), with the backend's settings (codec, base
 * URL, time limits) as parameters; only those whose template was loaded (a host that embeds the
 * dispatch alone loads no discovery). A backend whose {@code type} no codec speaks stops the start,
 * naming the types there are.
 */
public class BackendRoutes extends ContextBean implements RouteTemplateParameterSource {

    private static final Logger LOG = LoggerFactory.getLogger(BackendRoutes.class);

    private final BackendRegistry backends;
    private Map<String, Map<String, Object>> routes;

    public BackendRoutes(BackendRegistry backends) {
        this.backends = backends;
    }

    @Override
    public Set<String> routeIds() {
        return routes().keySet();
    }

    @Override
    public Map<String, Object> parameters(String routeId) {
        return new HashMap<>(routes().get(routeId));
    }

    private synchronized Map<String, Map<String, Object>> routes() {
        if (routes == null) {
            routes = new LinkedHashMap<>();
            for (Backend backend : backends.all()) {
                Class<? extends BackendCodec> codec = BackendCodecs.forDialect(backend.dialect()).orElse(null);
                if (codec == null && backend.dialect().equalsIgnoreCase(PropertyConfigurerSupport.MAGIC_VALUE)) {
                    continue;           // `camel export` runs the routes with a stand-in for every missing setting
                }
                if (codec == null) {
                    // a backend without its route would leave its requests waiting: the start stops
                    throw new IllegalArgumentException("agents.backends." + backend.name() + ".type=" + backend.dialect()
                            + " is no type the gateway speaks: " + BackendCodecs.dialects());
                }
                if (backend.enabled()) {
                    if (loaded("llm-backend")) {
                        routes.put("llm-backend-" + backend.name(), Map.of(TEMPLATE_ID, "llm-backend",
                                "backend", backend.name(), "codec", codec.getName(),
                                "baseUrl", String.join(",", backend.replicas()),
                                "connectTimeout", String.valueOf(backend.connectTimeoutMillis()),
                                "readTimeout", String.valueOf(backend.readTimeoutMillis())));
                    }
                    if (loaded("llm-backend-models")) {
                        routes.put("llm-models-" + backend.name(), Map.of(TEMPLATE_ID, "llm-backend-models",
                                "backend", backend.name(), "codec", codec.getName()));
                    }
                }
            }
            LOG.info("Backend routes: {}", routes.keySet());
        }
        return routes;
    }

    private boolean loaded(String template) {
        return getCamelContext().getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteTemplateDefinition(template) != null;
    }
}
