package dev.llmgateway.upstream;

import io.vertx.core.http.HttpClient;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * One backend's endpoint, e.g. {@code llm-upstream:ollama?baseUrl=http://127.0.0.1:11434}: the
 * request goes to the base URL plus the message's {@code CamelHttpPath} and {@code CamelHttpQuery}
 * headers, with the message's other headers; {@code CamelHttpMethod} says the method (POST unless set).
 */
public class UpstreamEndpoint extends DefaultEndpoint {

    private final String backend;
    private String baseUrl;
    private volatile ReplicaSet replicas;
    private int connectTimeout = 10_000;
    private int readTimeout = 305_000;
    private volatile HttpClient client;

    UpstreamEndpoint(String uri, UpstreamComponent component, String backend) {
        super(uri, component);
        this.backend = backend;
    }

    @Override
    public UpstreamComponent getComponent() {
        return (UpstreamComponent) super.getComponent();
    }

    /** The backend's name, in error messages. */
    public String getBackend() {
        return backend;
    }

    /**
     * The backend's base URL, e.g. {@code http://127.0.0.1:1234/v1}; or its replicas' base URLs,
     * comma-separated ({@code http://gpu1:11434,http://gpu2:11434}), among which each call picks one.
     */
    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
        this.replicas = null;
    }

    /** The replicas of {@link #getBaseUrl()}: one, or several. */
    ReplicaSet replicas() {
        ReplicaSet current = replicas;
        if (current == null) {
            current = getComponent().replicaSet(backend, baseUrl);
            replicas = current;
        }
        return current;
    }

    /** Milliseconds to open a connection (TCP and TLS), not counting a wait for a free one. */
    public int getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(int connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /**
     * Milliseconds of silence after which the HTTP client gives up on its own: a backstop, longer
     * than the time limits of the call's {@code UpstreamCall}.
     */
    public int getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(int readTimeout) {
        this.readTimeout = readTimeout;
    }

    /** This backend's HTTP client, made on first use. */
    HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = getComponent().newClient(connectTimeout);
                }
                current = client;
            }
        }
        return current;
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (client != null) {
            client.close();
            client = null;
        }
        super.doStop();
    }

    @Override
    public Producer createProducer() {
        return new UpstreamProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("llm-upstream only sends");
    }
}
