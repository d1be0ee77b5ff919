package dev.llmgateway.vertx;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.AsyncResult;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;

/**
 * An HTTP server that serves its connections on several event loops. A Vert.x server created
 * outside a verticle (as platform-http and camel-vertx-websocket create theirs) runs every
 * connection on the one event loop it was created on, so the gateway used one core however many
 * the machine has. This one, once listening, starts {@code extra} more servers with the same
 * options and request handler on the same port, each in a verticle of its own (its own event loop);
 * Vert.x then hands new connections to them in turn. Closing it closes them all.
 * <pre>
 * HttpServer server = ServerPerEventLoop.wrap(vertx, first, () -> vertx.createHttpServer(options), 1);
 * server.requestHandler(router).listen(8080, "127.0.0.1", started -> …);   // two event loops serve 8080
 * </pre>
 */
final class ServerPerEventLoop implements InvocationHandler {

    private final Vertx vertx;
    private final HttpServer first;
    private final Supplier<HttpServer> another;
    private final int extra;
    private Handler<HttpServerRequest> requests;
    private volatile String deployment;

    private ServerPerEventLoop(Vertx vertx, HttpServer first, Supplier<HttpServer> another, int extra) {
        this.vertx = vertx;
        this.first = first;
        this.another = another;
        this.extra = extra;
    }

    /** {@code first}, and {@code extra} servers from {@code another} once it listens; {@code first} alone when extra is 0. */
    static HttpServer wrap(Vertx vertx, HttpServer first, Supplier<HttpServer> another, int extra) {
        if (extra <= 0) {
            return first;
        }
        return (HttpServer) Proxy.newProxyInstance(HttpServer.class.getClassLoader(), new Class<?>[] {HttpServer.class},
                new ServerPerEventLoop(vertx, first, another, extra));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        int arity = args == null ? 0 : args.length;
        if (name.equals("requestHandler") && arity == 1) {
            requests = (Handler<HttpServerRequest>) args[0];
            first.requestHandler(requests);
            return proxy;
        }
        if (name.equals("listen") && arity == 3 && args[0] instanceof Integer port && args[2] instanceof Handler) {
            Handler<AsyncResult<HttpServer>> done = (Handler<AsyncResult<HttpServer>>) args[2];
            first.listen(port, (String) args[1]).compose(listening -> startOthers(listening.actualPort(), (String) args[1]))
                    .onComplete(started -> done.handle(started.map((HttpServer) proxy)));
            return proxy;
        }
        if (name.equals("close") && arity <= 1) {
            Future<Void> closed = (deployment == null ? Future.<Void>succeededFuture() : vertx.undeploy(deployment))
                    .eventually(() -> first.close());
            if (arity == 1) {
                closed.onComplete((Handler<AsyncResult<Void>>) args[0]);
                return null;
            }
            return closed;
        }
        try {
            Object result = method.invoke(first, args);
            return result == first ? proxy : result;
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Future<Void> startOthers(int port, String host) {
        Handler<HttpServerRequest> handler = requests;
        return vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                another.get().requestHandler(handler).listen(port, host).<Void>mapEmpty().onComplete(started);
            }
        }, new DeploymentOptions().setInstances(extra)).map(id -> {
            deployment = id;
            return null;
        });
    }
}
