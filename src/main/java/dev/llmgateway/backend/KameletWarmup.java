package dev.llmgateway.backend;

import dev.llmgateway.camel.StartupBean;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the kamelet routes of every configured dialect right after start, one after the other,
 * instead of on first use. When two different kamelets are used for the first time at the same
 * moment (the parallel model discovery, or first requests to two backends), Camel 4.17 under
 * {@code camel run} can leave their endpoints without a consumer: every caller then waits 30 s for
 * {@code KameletConsumerNotAvailableException}, until restart. Created one by one, they work. It also reports a backend whose {@code type} has no kamelet.
 * The endpoint URIs are the ones {@code routes/llm-chat.yaml} and {@code llm-discovery.yaml} use.
 */
public class KameletWarmup extends StartupBean {

    private static final Logger LOG = LoggerFactory.getLogger(KameletWarmup.class);
    private static final String[] KAMELETS = {"%s-chat-sink", "%s-models-action"};

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
        Set<String> dialects = new LinkedHashSet<>();
        backends.all().forEach(backend -> dialects.add(backend.dialect()));
        Set<String> created = new LinkedHashSet<>();
        for (String dialect : dialects) {
            for (String kamelet : KAMELETS) {
                String name = kamelet.formatted(dialect);
                try {
                    context.getEndpoint("kamelet:" + name + "?noErrorHandler=true");
                    created.add(name);
                } catch (RuntimeException e) {
                    LOG.error("No kamelet {} for backends of type '{}' ({}): {}", name, dialect,
                            backends.all().stream().filter(b -> b.dialect().equals(dialect)).map(Backend::name).toList(),
                            e.getMessage());
                }
            }
        }
        for (Backend backend : backends.all()) {
            if (backend.enabled() && created.contains(backend.dialect() + "-chat-sink")) {
                addBackendRoute(context, backend);
            }
        }
        LOG.info("Kamelets ready: {}", created);
        ready.countDown();
    }

    /** {@code direct:llm-backend-<name>}: the backend's circuit breaker around its dialect's kamelet. */
    private static void addBackendRoute(CamelContext context, Backend backend) {
        if (context.getRoute("llm-backend-" + backend.name()) != null) {
            return;                 // a second instance of this bean (Camel creates YAML beans twice) was first
        }
        try {
            TemplatedRouteBuilder.builder(context, "llm-backend").routeId("llm-backend-" + backend.name())
                    .prefixId("llm-backend-" + backend.name() + "-")
                    .parameter("backend", backend.name()).parameter("dialect", backend.dialect()).add();
        } catch (RuntimeException e) {
            LOG.error("Could not create the route of backend {}: {}", backend.name(), e.getMessage(), e);
        }
    }

    /**
     * First step of the routes that call kamelets: a request that arrives while Camel is still
     * starting waits (at most 30 s) until the kamelets exist, instead of racing their creation.
     */
    public void awaitReady() throws InterruptedException {
        if (!ready.await(30, TimeUnit.SECONDS)) {
            LOG.warn("Kamelets are not ready after 30 s; going on");
        }
    }
}
