package dev.llmgateway.vertx;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.TimeUtils;

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
 * request, out of reach of these checks. Everything else is the plain Vert.x, created on first use
 * (Camel creates YAML beans twice, and the copy it discards must not start threads) and closed when
 * the CamelContext stops.
 */
public final class GatewayVertx {

    private GatewayVertx() {
    }

    /**
     * @param idleTimeout    longest wait for the next request on an open connection, e.g. {@code 60s}
     * @param headerTimeout  longest time from a request's first byte to the end of its headers
     * @param bodyTimeout    longest time from a request's headers to the end of its body
     * @param maxConnectionsPerClient open connections per client address; 0: no limit
     */
    public static Vertx create(VertxOptions options, String idleTimeout, String headerTimeout, String bodyTimeout,
                               int maxConnectionsPerClient) {
        Duration idle = duration(idleTimeout);
        Duration header = duration(headerTimeout);
        Duration body = duration(bodyTimeout);
        ConnectionsPerClient connections = new ConnectionsPerClient(maxConnectionsPerClient);
        AtomicReference<Vertx> real = new AtomicReference<>();
        CamelContext[] context = new CamelContext[1];
        return (Vertx) Proxy.newProxyInstance(GatewayVertx.class.getClassLoader(),
                new Class<?>[] {VertxInternal.class, CamelContextAware.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "equals":
                            return proxy == args[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "toString":
                            return "GatewayVertx";
                        case "getCamelContext":
                            return context[0];
                        case "setCamelContext":          // closed with the context, after the servers on it
                            context[0] = (CamelContext) args[0];
                            context[0].addService(new ServiceSupport() {
                                @Override
                                protected void doStop() {
                                    closeIfStarted(real);
                                }
                            }, true);
                            return null;
                        default:
                            Vertx vertx = started(real, options);
                            return isCreateServer(method, args) ? hardenedServer(vertx, args == null ? new HttpServerOptions()
                                    : (HttpServerOptions) args[0], idle, header, body, connections) : invoke(vertx, method, args);
                    }
                });
    }

    /** The real Vert.x, made on first use; every call of every request passes here, so no lock once it exists. */
    private static Vertx started(AtomicReference<Vertx> real, VertxOptions options) {
        Vertx vertx = real.get();
        if (vertx == null) {
            synchronized (real) {
                if (real.get() == null) {
                    real.set(Vertx.vertx(options));
                }
                vertx = real.get();
            }
        }
        return vertx;
    }

    private static void closeIfStarted(AtomicReference<Vertx> real) {
        Vertx vertx = real.getAndSet(null);
        if (vertx != null) {
            vertx.close();
        }
    }

    private static boolean isCreateServer(Method method, Object[] args) {
        return method.getName().equals("createHttpServer")
                && (args == null || args.length == 1 && args[0] instanceof HttpServerOptions);
    }

    private static HttpServer hardenedServer(Vertx vertx, HttpServerOptions given, Duration idle, Duration header,
                                             Duration body, ConnectionsPerClient connections) {
        HttpServerOptions options = new HttpServerOptions(given).setHttp2ClearTextEnabled(false);
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

    private static Object invoke(Vertx vertx, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(vertx, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Duration duration(String text) {
        return Duration.ofMillis(TimeUtils.toMilliSeconds(text.trim()));
    }
}
