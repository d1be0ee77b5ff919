package dev.llmgateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) that queues every text frame it receives as JSON. */
public final class WsTestClient implements WebSocket.Listener, AutoCloseable {

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    /** Why the connection ended, if it did: shown when a frame does not come. */
    private volatile String ended = "open";
    private final WebSocket socket;

    public WsTestClient(int port) {
        this(port, "");
    }

    /** With a query ({@code ?token=k}) and handshake headers (name, value, ...). */
    public WsTestClient(int port, String query, String... headers) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        socket = builder.buildAsync(URI.create("ws://localhost:" + port + "/ws" + query), this).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(Json.parse(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended = "closed by the gateway: " + statusCode + " " + reason;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended = "failed: " + error;
    }

    public void send(String frame) {
        socket.sendText(frame, true).join();
    }

    /**
     * The next frame other than a status broadcast (discovery may publish one at any time),
     * failing after 10 s of silence.
     */
    public JsonNode next() throws InterruptedException {
        JsonNode frame = anyNext();
        while (frame.path("type").asText().equals("status")) {
            frame = anyNext();
        }
        return frame;
    }

    /** The frames of one request up to its last, {@code done} or {@code error}; that last one. */
    JsonNode untilDoneOrError() throws InterruptedException {
        JsonNode frame = next();
        while (!frame.path("type").asText().equals("done") && !frame.path("type").asText().equals("error")) {
            frame = next();
        }
        return frame;
    }

    /** The next frame after {@code sent}, naming it when none comes. */
    JsonNode answerTo(String sent) throws InterruptedException {
        JsonNode frame = frames.poll(10, TimeUnit.SECONDS);
        while (frame != null && frame.path("type").asText().equals("status")) {
            frame = frames.poll(10, TimeUnit.SECONDS);
        }
        assertThat(frame).as("an answer within 10 s to %s (connection %s)", sent, ended).isNotNull();
        return frame;
    }

    private JsonNode anyNext() throws InterruptedException {
        JsonNode frame = frames.poll(10, TimeUnit.SECONDS);
        assertThat(frame).as("a frame within 10 s (connection %s)", ended).isNotNull();
        return frame;
    }

    JsonNode next(String type) throws InterruptedException {
        JsonNode frame = type.equals("status") ? anyNext() : next();
        assertThat(frame.path("type").asText()).as("frame %s", frame).isEqualTo(type);
        return frame;
    }

    /** Drops the connection without a closing handshake, like a crashed client. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
}
