package dev.llmgateway.request;

import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.Route;
import dev.llmgateway.http.ChatStreamWriter;
import dev.llmgateway.keys.VirtualKey;
import dev.llmgateway.stream.Cancellation;
import dev.llmgateway.stream.UpstreamCall;
import dev.llmgateway.telemetry.RequestRecord;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.camel.Exchange;

/**
 * Everything the gateway keeps about one chat request while it runs, as the one exchange property
 * {@value #PROPERTY}; the exchange's body carries the request itself (a
 * {@code dev.llmgateway.model.ChatRequest}) and then the reply. Each step fills in its part:
 * <pre>
 * front door     record      id, API, metrics and log line     (RequestTelemetry.begin)
 *                caller      the gateway key it came with, and its policy
 *                cancellation  the client left: stop the backend call
 *                writer      the dialect's stream writer, when the client asked for a stream
 * llmRouter      route       backend, model, private or not, and why
 * backend route  upstreamCall  the attempt on the wire: its time limits, its cancel handle
 * </pre>
 * A copy of the exchange (each fallback BackendCalls tries) shares the context, so what an attempt
 * sets is what the front door reads afterwards. A host that calls {@code direct:llm-chat} itself
 * gets a context on first use, without a record (no request metrics, no log line).
 */
public final class RequestContext {

    public static final String PROPERTY = "llmContext";

    private final long startNanos = System.nanoTime();
    private final Cancellation cancellation = new Cancellation();
    private volatile RequestRecord record;
    private volatile Route route;
    private volatile UpstreamCall upstreamCall;
    private volatile ChatStreamWriter writer;
    private volatile String replica;
    private volatile String replicaReason;
    private volatile Supplier<String> conversation;
    private volatile VirtualKey caller;
    private volatile List<String> detected = List.of();

    /** The context of the request an exchange serves, created with the first step that asks. */
    public static RequestContext of(Exchange exchange) {
        RequestContext context = exchange.getProperty(PROPERTY, RequestContext.class);
        if (context == null) {
            context = new RequestContext();
            exchange.setProperty(PROPERTY, context);
        }
        return context;
    }

    /** The context of an exchange, if a step made one; for readers that must not make one. */
    public static Optional<RequestContext> find(Exchange exchange) {
        return Optional.ofNullable(exchange.getProperty(PROPERTY, RequestContext.class));
    }

    /** {@link System#nanoTime()} when the front door took the request. */
    public long startNanos() {
        return startNanos;
    }

    /** Cancelled when the client leaves: the backend call of that moment stops, no retry follows. */
    public Cancellation cancellation() {
        return cancellation;
    }

    /** What the request did, for its metrics and log line; null for a host's own call of direct:llm-chat. */
    public RequestRecord record() {
        return record;
    }

    public void setRecord(RequestRecord value) {
        record = value;
    }

    /** The gateway key the request came with; null for a host's own call of direct:llm-chat (no policy). */
    public VirtualKey caller() {
        return caller;
    }

    public void setCaller(VirtualKey value) {
        caller = value;
    }

    /** The sensitive-data detectors that fired on the request (agents.privacy.detect): their names, never the data. */
    public List<String> detected() {
        return detected;
    }

    public void setDetected(List<String> names) {
        detected = List.copyOf(names);
    }

    /** Where the request goes (or went); null until llmRouter decided. */
    public Route route() {
        return route;
    }

    public void setRoute(Route value) {
        route = value;
    }

    /** The backend of the route; null until llmRouter decided, or when it refused the request. */
    public Backend backend() {
        Route current = route;
        return current == null ? null : current.backend();
    }

    /** The attempt now on the wire to the backend; null before the first. */
    public UpstreamCall upstreamCall() {
        return upstreamCall;
    }

    /** The attempt just opened: it is the one the client's leaving stops from now on. */
    public void setUpstreamCall(UpstreamCall call) {
        upstreamCall = call;
        cancellation.watch(call);
    }

    /** The base URL of the replica that answered, when the backend has several; else null. */
    public String replica() {
        return replica;
    }

    /** Why that replica: conversation, model loaded, fewest in flight. */
    public String replicaReason() {
        return replicaReason;
    }

    public void setReplica(String baseUrl, String reason) {
        replica = baseUrl;
        replicaReason = reason;
    }

    /** A key of the request's conversation (its model and leading messages), or null: its follow-ups share it. */
    public String conversation() {
        Supplier<String> key = conversation;
        return key == null ? null : key.get();
    }

    /** Computed only when asked: only a backend with replicas asks. */
    public void setConversation(Supplier<String> key) {
        conversation = key;
    }

    /** The stream writer of a streamed reply; null when the reply is answered whole. */
    public ChatStreamWriter writer() {
        return writer;
    }

    public void setWriter(ChatStreamWriter value) {
        writer = value;
    }
}
