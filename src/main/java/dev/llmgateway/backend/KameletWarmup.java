package dev.llmgateway.backend;

import dev.llmgateway.camel.StartupBean;
import dev.llmgateway.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the routes of every enabled backend right after start, one after the other: its chat
 * route {@code direct:llm-backend-<name>} (template {@code llm-backend}) and its model-list route
 * {@code direct:llm-models-<name>} (template {@code llm-backend-models}), each with its own endpoint
 * of the backend kamelets, whose parameters are the backend's settings (codec, base URL, time
 * limits). Created one by one, and not on first use: two kamelet endpoints created at the same
 * moment (the parallel model discovery, first requests to two backends) could be left without a
 * consumer under {@code camel run}, and every caller then waited 30 s. It also reports a backend
 * whose {@code type} no codec speaks.
 */
public class KameletWarmup extends StartupBean {

    private static final Logger LOG = LoggerFactory.getLogger(KameletWarmup.class);

    private final BackendRegistry backends;
    private final CountDownLatch ready = new CountDownLatch(1);

    public KameletWarmup(BackendRegistry backends) {
        this.backends = backends;
    }

    /**
     * Right after start, before the discovery timer's first run (1 s later); not while Camel starts:
     * kamelet endpoints created then get no route under camel run.
     */
    @Override
    protected void started(CamelContext context) {
        List<String> created = new ArrayList<>();
        for (Backend backend : backends.all()) {
            Class<? extends BackendCodec> codec = BackendCodecs.forDialect(backend.dialect()).orElse(null);
            if (codec == null) {
                LOG.error("Backend {} has type '{}', which no codec speaks (known: {})", backend.name(), backend.dialect(),
                        BackendCodecs.dialects());
            } else if (backend.enabled() && addRoutes(context, backend, codec)) {
                created.add(backend.name());
            }
        }
        LOG.info("Backend routes ready: {}", created);
        ready.countDown();
    }

    /** {@code direct:llm-backend-<name>} and {@code direct:llm-models-<name>}; false when they exist already. */
    private static boolean addRoutes(CamelContext context, Backend backend, Class<? extends BackendCodec> codec) {
        if (context.getRoute("llm-backend-" + backend.name()) != null) {
            return false;           // a second instance of this bean (Camel creates YAML beans twice) was first
        }
        try {
            TemplatedRouteBuilder.builder(context, "llm-backend").routeId("llm-backend-" + backend.name())
                    .prefixId("llm-backend-" + backend.name() + "-")
                    .parameter("backend", backend.name()).parameter("codec", codec.getName())
                    .parameter("baseUrl", backend.baseUrl())
                    .parameter("connectTimeout", String.valueOf(backend.connectTimeoutMillis()))
                    .parameter("readTimeout", String.valueOf(backend.readTimeoutMillis()))
                    .parameter("breakerWaitSeconds", String.valueOf(Math.max(1, breakerWait(context).toSeconds()))).add();
            TemplatedRouteBuilder.builder(context, "llm-backend-models").routeId("llm-models-" + backend.name())
                    .parameter("backend", backend.name()).parameter("codec", codec.getName())
                    .parameter("baseUrl", backend.baseUrl()).add();
            return true;
        } catch (RuntimeException e) {
            LOG.error("Could not create the routes of backend {}: {}", backend.name(), e.getMessage(), e);
            return false;
        }
    }

    private static Duration breakerWait(CamelContext context) {
        return Durations.parse("agents.breaker.waitDurationInOpenState", context.getPropertiesComponent()
                .resolveProperty("agents.breaker.waitDurationInOpenState").map(String::trim).filter(v -> !v.isEmpty()).orElse("30s"));
    }

    /**
     * First step of the routes that call backends: a request that arrives while Camel is still
     * starting waits (at most 30 s) until the backend routes exist, instead of racing their creation.
     */
    public void awaitReady() throws InterruptedException {
        if (!ready.await(30, TimeUnit.SECONDS)) {
            LOG.warn("Backend routes are not ready after 30 s; going on");
        }
    }
}
