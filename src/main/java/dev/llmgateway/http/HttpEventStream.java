package dev.llmgateway.http;

import dev.llmgateway.request.RequestContext;
import dev.llmgateway.stream.Cancellation;
import dev.llmgateway.stream.ClientGoneException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Writes a streamed HTTP reply (SSE or NDJSON) frame by frame straight to the Vert.x response of
 * a platform-http exchange. Camel 4.17's platform-http holds an {@code InputStream} body back until
 * 4–16 KB accumulate (its {@code AsyncInputStream} fills a whole buffer before it writes), which
 * would bunch tokens; writing each frame ourselves sends
 * it the moment it is decoded. The status line and headers go out with the first frame, so an
 * upstream failure before any output still becomes a proper HTTP error.
 */
public final class HttpEventStream {

    private final HttpServerResponse response;
    private final String contentType;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Cancellation clientLeaves;
    private final RequestContext context;
    private volatile boolean clientGone;
    private volatile boolean started;

    private HttpEventStream(HttpServerResponse response, String contentType, Cancellation clientLeaves, RequestContext context) {
        this.response = response;
        this.contentType = contentType;
        this.clientLeaves = clientLeaves;
        this.context = context;
    }

    /**
     * Binds to the HTTP response of a platform-http exchange; nothing is written yet. Call it on
     * the exchange the consumer created (split copies do not carry the Vert.x response).
     */
    public static HttpEventStream open(Exchange exchange, String contentType) {
        HttpMessage message = exchange.getIn(HttpMessage.class);
        if (message == null) {
            throw new IllegalStateException("streamed replies need the Vert.x platform-http runtime");
        }
        HttpEventStream stream = new HttpEventStream(message.getResponse(), contentType, ClientDisconnects.watch(exchange),
                RequestContext.of(exchange));
        stream.onClientGone(() -> stream.clientGone = true);
        return stream;
    }

    /** Runs {@code action} (on a Vert.x thread) the moment the client closes the connection. */
    public void onClientGone(Runnable action) {
        clientLeaves.onCancel(action);
    }

    /** A header to send with the status line; ignored once the stream started. */
    public HttpEventStream header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public boolean started() {
        return started;
    }

    /** Sends one frame without waiting; see {@link #full()}. */
    public void write(String frame) {
        writable().write(frame);
    }

    /** Sends bytes as they came (a body passed through); see {@link #full()}. */
    public void write(Buffer bytes) {
        writable().write(bytes);
    }

    /** The response, its status line sent; a {@link ClientGoneException} when the client left. */
    private HttpServerResponse writable() {
        if (!started) {
            start();
        }
        if (clientGone || response.closed()) {
            throw new ClientGoneException("the client closed the connection");
        }
        return response;
    }

    /**
     * Whether the frames not yet sent reached Vert.x's limit (the client reads slower than the
     * backend writes): the writer should stop reading the backend until {@link #onDrain}.
     */
    public boolean full() {
        return response.writeQueueFull();
    }

    /** Runs {@code action} once the client has taken enough of the frames not yet sent. */
    public void onDrain(Runnable action) {
        response.drainHandler(drained -> action.run());
    }

    /**
     * Sends the last frames if the client still listens (the error event of a reply that failed
     * after it began), then ends the response.
     */
    public void endWith(String... lastFrames) {
        try {
            for (String frame : lastFrames) {
                write(frame);
            }
        } catch (ClientGoneException nobodyLeft) {
            // the client closed the connection: nothing to tell
        } finally {
            end();
        }
    }

    /** Ends the response, also when the client is gone, so platform-http writes nothing after it. */
    public void end() {
        if (!started) {
            start();
        }
        if (!response.ended()) {
            try {
                response.end();
            } catch (IllegalStateException alreadyClosed) {
                // the connection closed underneath us; nothing left to end
            }
        }
    }

    private void start() {
        started = true;
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", contentType)
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        headers.forEach(response::putHeader);
        if (context.replica() != null) {
            response.putHeader(JsonReply.REPLICA_HEADER, context.replica());
        }
    }
}
