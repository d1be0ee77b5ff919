package dev.llmgateway.vertx;

import dev.llmgateway.config.Durations;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x the gateway's HTTP and WebSocket servers run on (bean {@code vertx} of
 * routes/vertx.yaml, which platform-http and camel-vertx-websocket take from the registry). Camel
 * creates those servers with default options and gives no way to change them, so this Vert.x hands
 * out servers that are already hardened, on every connection:
 * <ul>
 *   <li>{@link StrictRequestDecoder}: a request with both Transfer-Encoding and Content-Length is a
 *       400 and the end of the connection (no request smuggling);</li>
 *   <li>{@link SlowClientGuard}: {@code gateway.http.idleTimeout}, {@code headerTimeout} and
 *       {@code bodyTimeout} close slow clients, never a slow reply;</li>
 *   <li>{@link ConnectionsPerClient}: {@code gateway.http.maxConnectionsPerClient}.</li>
 * </ul>
 * HTTP/2 over cleartext (h2c upgrade) is off: it would hand the connection over only after its first
 * request, out of reach of these checks. Each server serves its connections on as many event loops
 * as the machine has cores ({@link ServerPerEventLoop}).
 * <p>
 * Its worker threads, which run every HTTP request but the chat doors' (those stay on the event
 * loop: {@link EventLoopHttpEngine}; platform-http runs the others with {@code executeBlocking}),
 * are virtual threads on JDK 21 and later ({@code gateway.http.virtualThreads=auto}). On JDK 17
 * they are a pool of {@code gateway.http.workerThreads}.
 * <p>
 * Everything else is the plain Vert.x, created on first use and closed when the CamelContext
 * stops. Camel creates YAML beans twice, and platform-http and camel-vertx-websocket may each pick
 * up a different copy: the copies share one Vert.x per CamelContext.
 */
public final class GatewayVertx implements InvocationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayVertx.class);
    /** The one real Vert.x of a CamelContext, in its registry (wrapped: a Vertx there would be taken for platform-http's). */
    private static final String SHARED = "llmGatewayVertx.real";

    private final VertxOptions options;
    private final boolean virtualWorkers;
    private final Duration idle;
    private final Duration header;
    private final Duration body;
    private final ConnectionsPerClient connections;
    private volatile AtomicReference<Vertx> real = new AtomicReference<>();
    private volatile CamelContext camelContext;

    private GatewayVertx(VertxOptions options, boolean virtualWorkers, Duration idle, Duration header, Duration body,
                         int maxConnectionsPerClient) {
        this.options = options;
        this.virtualWorkers = virtualWorkers;
        this.idle = idle;
        this.header = header;
        this.body = body;
        this.connections = new ConnectionsPerClient(maxConnectionsPerClient);
    }

    /**
     * @param idleTimeout    longest wait for the next request on an open connection, e.g. {@code 60s}
     * @param headerTimeout  longest time from a request's first byte to the end of its headers
     * @param bodyTimeout    longest time from a request's headers to the end of its body
     * @param maxConnectionsPerClient open connections per client address; 0: no limit
     * @param virtualThreads {@code auto} (on JDK 21 and later), {@code true} (fails to start on JDK 17) or {@code false}
     */
    public static Vertx create(VertxOptions options, String idleTimeout, String headerTimeout, String bodyTimeout,
                               int maxConnectionsPerClient, Object virtualThreads) {
        // Object: Camel hands "true" and "false" over as booleans when it picks the factory method
        GatewayVertx handler = new GatewayVertx(options, virtualWorkers(String.valueOf(virtualThreads)),
                Durations.parse("gateway.http.idleTimeout", idleTimeout), Durations.parse("gateway.http.headerTimeout", headerTimeout),
                Durations.parse("gateway.http.bodyTimeout", bodyTimeout), maxConnectionsPerClient);
        return (Vertx) Proxy.newProxyInstance(GatewayVertx.class.getClassLoader(),
                new Class<?>[] {VertxInternal.class, CamelContextAware.class}, handler);
    }

    private static boolean virtualWorkers(String setting) {
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> VirtualThreads.available();
            case "true" -> {
                if (!VirtualThreads.available()) {
                    throw new IllegalArgumentException("gateway.http.virtualThreads=true needs JDK 21 or later; this is JDK "
                            + Runtime.version().feature() + " (use auto or false)");
                }
                yield true;
            }
            case "false" -> false;
            default -> throw new IllegalArgumentException("gateway.http.virtualThreads must be auto, true or false, not '"
                    + setting + "'");
        };
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "GatewayVertx";
            case "getCamelContext":
                return camelContext;
            case "setCamelContext":
                share((CamelContext) args[0]);
                return null;
            default:
                Vertx vertx = started();
                if (method.getName().equals("createHttpServer")
                        && (args == null || args.length == 1 && args[0] instanceof HttpServerOptions)) {
                    return hardenedServer(vertx, args == null ? new HttpServerOptions() : (HttpServerOptions) args[0]);
                }
                try {
                    return method.invoke(vertx, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
        }
    }

    /** Every copy of this bean in one CamelContext uses the first copy's Vert.x, closed when the context stops. */
    @SuppressWarnings("unchecked")
    private void share(CamelContext context) {
        camelContext = context;
        synchronized (context) {
            Object first = context.getRegistry().lookupByName(SHARED);
            if (first != null) {
                real = (AtomicReference<Vertx>) first;
                return;
            }
            AtomicReference<Vertx> mine = real;
            context.getRegistry().bind(SHARED, mine);
            try {
                context.addService(new ServiceSupport() {          // stopped after the servers on it
                    @Override
                    protected void doStop() {
                        Vertx vertx = mine.getAndSet(null);
                        if (vertx != null) {
                            vertx.close();
                        }
                    }
                }, true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The real Vert.x, made on first use; every call of every request passes here, so no lock once it exists. */
    private Vertx started() {
        AtomicReference<Vertx> shared = real;
        Vertx vertx = shared.get();
        if (vertx == null) {
            synchronized (shared) {
                if (shared.get() == null) {
                    shared.set(virtualWorkers ? new VertxBuilder(options)
                            .executorServiceFactory((threads, size, max) -> VirtualThreads.perTask("vert.x-virtual-worker-").orElseThrow())
                            .init().vertx() : Vertx.vertx(options));
                    LOG.info("Vert.x workers: {}", virtualWorkers ? "virtual threads (JDK " + Runtime.version().feature() + ")"
                            : options.getWorkerPoolSize() + " platform threads (gateway.http.workerThreads; JDK 21+ would "
                            + "use virtual threads)");
                }
                vertx = shared.get();
            }
        }
        return vertx;
    }

    /** A hardened server on as many event loops as the machine has cores ({@link ServerPerEventLoop}). */
    private HttpServer hardenedServer(Vertx vertx, HttpServerOptions given) {
        HttpServerOptions options = new HttpServerOptions(given).setHttp2ClearTextEnabled(false);
        int eventLoops = Math.min(Runtime.getRuntime().availableProcessors(), this.options.getEventLoopPoolSize());
        return ServerPerEventLoop.wrap(vertx, hardened(vertx, options), () -> hardened(vertx, options), eventLoops - 1);
    }

    private HttpServer hardened(Vertx vertx, HttpServerOptions options) {
        HttpServer server = vertx.createHttpServer(options);       // copies the options: set them before
        server.connectionHandler(connection -> {
            if (connection instanceof ConnectionBase base && connections.admit(base.channel())) {
                var pipeline = base.channel().pipeline();
                if (pipeline.get("httpDecoder") != null) {
                    pipeline.replace("httpDecoder", "httpDecoder", new StrictRequestDecoder(options));
                    SlowClientGuard.install(pipeline, idle, header, body);
                }
            }
        });
        return server;
    }

}
