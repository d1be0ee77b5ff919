package dev.llmgateway.upstream;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code llm-upstream:<backend>?baseUrl=…}: the gateway's calls to its backends, on Vert.x's
 * non-blocking HTTP client. No thread waits for a backend: the request goes out and its answer comes
 * back on a Vert.x event loop, a streamed body is read as it arrives, paused while the client cannot
 * take more, and stopped at once when the call is cancelled (see {@link UpstreamProducer}).
 * <p>
 * One HTTP client per backend endpoint, on the Vert.x in the registry ({@code vertx}, the one the
 * gateway's servers run on) or on a Vert.x of its own in a host that has none. Its pool keeps
 * connections to the backend open between calls; {@code connectTimeout} bounds opening one, not
 * waiting for one (a call that waits is bounded by its own time limits). Not done on purpose: compression (a compressed
 * stream is held back until the compressor flushes, which bunches tokens) and resending a request
 * on its own (that could duplicate a generation; the gateway's retries decide).
 */
public class UpstreamComponent extends DefaultComponent {

    private int maxConnectionsPerHost = 20_000;
    /** backend and base URLs → its replicas, shared by every endpoint of the backend and by discovery. */
    private final Map<String, ReplicaSet> replicaSets = new ConcurrentHashMap<>();
    private Vertx vertx;
    private boolean ownVertx;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        UpstreamEndpoint endpoint = new UpstreamEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        if (endpoint.getBaseUrl() == null || endpoint.getBaseUrl().isBlank()) {
            throw new IllegalArgumentException("llm-upstream:" + remaining + " needs a baseUrl");
        }
        return endpoint;
    }

    /**
     * Open connections per backend host and port: every open stream holds one, and a call beyond
     * the limit waits for one before its first byte. The limits on calls are
     * {@code gateway.http.maxConcurrentChats} and {@code gateway.ws.maxConcurrentChats}; the pool
     * opens connections only when needed.
     */
    public void setMaxConnectionsPerHost(int maxConnectionsPerHost) {
        this.maxConnectionsPerHost = maxConnectionsPerHost;
    }

    public int getMaxConnectionsPerHost() {
        return maxConnectionsPerHost;
    }

    /**
     * The replicas of a backend, the same set for every endpoint that names them: calls in flight,
     * health and loaded models are counted once per replica.
     */
    public ReplicaSet replicaSet(String backend, String baseUrls) {
        return replicaSets.computeIfAbsent(backend + " " + baseUrls.replace(" ", ""), key -> new ReplicaSet(baseUrls));
    }

    /** A client for one backend: its own pool, and its connect timeout for opening a connection. */
    HttpClient newClient(int connectTimeoutMillis) {
        return vertx().createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        .setDecompressionSupported(false).setConnectTimeout(connectTimeoutMillis),
                new PoolOptions().setHttp1MaxSize(maxConnectionsPerHost).setMaxWaitQueueSize(-1));
    }

    private synchronized Vertx vertx() {
        if (vertx == null) {
            vertx = getCamelContext().getRegistry().lookupByNameAndType("vertx", Vertx.class);
        }
        if (vertx == null) {
            vertx = getCamelContext().getRegistry().findSingleByType(Vertx.class);
        }
        if (vertx == null) {
            vertx = Vertx.vertx();
            ownVertx = true;
        }
        return vertx;
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (ownVertx) {
            vertx.close();
            vertx = null;
            ownVertx = false;
        }
        super.doStop();
    }
}
