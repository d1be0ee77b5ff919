package dev.llmgateway.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.backend.BackendRouter;
import dev.llmgateway.backend.PrivacyRules;
import dev.llmgateway.camel.LazyAsyncProducer;
import dev.llmgateway.dialect.FunctionTools;
import dev.llmgateway.dialect.openai.OpenAiWire;
import dev.llmgateway.http.Failures;
import dev.llmgateway.json.Json;
import dev.llmgateway.keys.VirtualKey;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.security.GatewayKeys;
import dev.llmgateway.security.LogSafe;
import dev.llmgateway.security.WebSocketCallers;
import dev.llmgateway.stream.Cancellation;
import dev.llmgateway.stream.ChatStream;
import dev.llmgateway.stream.ClientGoneException;
import dev.llmgateway.telemetry.RequestRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket channel ({@code routes/websocket.yaml}): one connection, many requests multiplexed
 * by the client's {@code id}, replies streamed frame by frame. Client frames:
 * <pre>
 * {"type":"chat","id":"r1","backend":"ollama","model":"llama3.2","sensitivity":"private","messages":[{"role":"user","content":"Hi"}],
 *  "tools":[…],"options":{"temperature":0.2,"max_tokens":256},"stream":true}
 * {"type":"cancel","id":"r1"}
 * {"type":"status"}
 * </pre>
 * Messages and tools use the OpenAI shapes, options OpenAI's parameter names; see {@link WsFrames}
 * for what comes back.
 * <p>
 * camel-vertx-websocket hands each frame to a Vert.x worker and waits there for the route's end;
 * a chat goes on at once on an event loop ({@link #dispatch}), where no thread waits while the
 * backend answers, and its frames are written without waiting for the client, which may hold at
 * most {@link #PAUSE_AT} of them unwritten before the backend's stream is paused.
 */
public class WebSocketChatApi {

    /** Header the route switches on: chat, cancel or status. */
    public static final String TYPE = "llmWsType";
    static final String CONNECTION_KEY = "CamelVertxWebsocket.connectionKey";
    static final String REMOTE_ADDRESS = "CamelVertxWebsocket.remoteAddress";
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketChatApi.class);
    private static final String KEY = "llmWsKey";
    private static final String ID = "llmWsId";
    private static final String REGISTERED = "llmWsRegistered";
    private static final String STREAM = "llmWsStream";
    private static final int PAUSE_AT = 64;
    private static final int RESUME_AT = 16;

    private final InFlightRequests inFlight = new InFlightRequests();
    private final FrameSender frames = new FrameSender();
    private final LazyAsyncProducer chats = new LazyAsyncProducer("direct:llm-ws-chat");
    private int maxConcurrentChats = 100;

    /** {@code gateway.ws.maxConcurrentChats}: WebSocket chats at once over all connections. */
    public void setMaxConcurrentChats(int maxConcurrentChats) {
        this.maxConcurrentChats = maxConcurrentChats;
    }

    /** Reads one client frame; a chat frame becomes the {@link ChatRequest} body. */
    public Object receive(String frame, Exchange exchange) {
        String key = exchange.getMessage().getHeader(CONNECTION_KEY, String.class);
        exchange.setProperty(KEY, key);
        // camel-vertx-websocket runs a connection's events side by side (executeBlocking, unordered):
        // its first message can come before its OPEN event, and its answer must not be dropped
        inFlight.openConnection(key);
        JsonNode json = Json.requireObject(frame, "the frame");
        String type = Json.string(json, "type");
        String id = Json.string(json, "id");
        exchange.setProperty(ID, id);
        exchange.getMessage().setHeader(TYPE, type);
        switch (type == null ? "" : type) {
            case "status":
                return null;
            case "cancel":
                if (!inFlight.cancel(key, requireId(id))) {
                    throw new GatewayException(404, "not_found", "not_found", "no request '" + id + "' is running");
                }
                return null;
            case "chat":
                ChatRequest request = readChat(json, requireId(id));
                String sensitivity = Json.string(json, "sensitivity");
                PrivacyRules.isMarkedPrivate(sensitivity);               // a 400 before anything runs
                String backend = Json.string(json, "backend");
                VirtualKey caller = WebSocketCallers.of(exchange.getContext()).of(exchange.getMessage().getHeader(REMOTE_ADDRESS));
                GatewayKeys keys = exchange.getContext().getRegistry().lookupByNameAndType("llmGatewayKeys", GatewayKeys.class);
                // the handshake's key as it is now: one revoked or expired since then ends here, frame by frame
                RequestContext.of(exchange).setCaller(caller == null || keys == null ? caller : keys.current(caller));
                Cancellation cancellation = RequestContext.of(exchange).cancellation();
                if (inFlight.running() >= maxConcurrentChats) {
                    throw new GatewayException(503, "overloaded", "overloaded", "the gateway is streaming " + maxConcurrentChats
                            + " WebSocket chats already (gateway.ws.maxConcurrentChats); retry in a moment").withRetryAfter(1);
                }
                if (!inFlight.start(key, id, cancellation)) {
                    throw GatewayException.badRequest("a request with id '" + id + "' is already running");
                }
                exchange.setProperty(REGISTERED, true);
                exchange.setProperty(STREAM, request.stream());
                exchange.getMessage().setHeader(BackendRouter.HEADER, backend);
                exchange.getMessage().setHeader(PrivacyRules.HEADER, sensitivity);
                return request;
            default:
                throw GatewayException.badRequest("unknown frame type '" + type + "'; expected chat, cancel or status");
        }
    }

    private static ChatRequest readChat(JsonNode json, String id) {
        JsonNode messages = json.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw GatewayException.badRequest("chat '" + id + "' needs a non-empty 'messages' array");
        }
        List<ChatMessage> parsed = Json.readEach(messages, "messages", OpenAiWire::readMessage);
        JsonNode options = json.path("options");
        return new ChatRequest(Json.string(json, "model"), parsed, FunctionTools.read(json.get("tools")),
                options.get("tool_choice"), OpenAiWire.readOptions(options), Json.bool(json, "stream", true));
    }

    private static String requireId(String id) {
        if (id == null || id.isBlank()) {
            throw GatewayException.badRequest("this frame needs an 'id'");
        }
        return id;
    }

    /**
     * Goes on with a chat frame's exchange ({@code direct:llm-ws-chat}) on an event loop of the
     * WebSocket server's Vert.x, and frees the worker that runs the frame's route at once.
     */
    public void dispatch(Exchange exchange) {
        // the consumer completes its own exchange when this returns; the chat's copy gets a unit of
        // work of its own (copy() shares the original's), which completes when its last frame is out
        Exchange chat = exchange.copy();
        chat.getExchangeExtension().setUnitOfWork(null);
        CamelContext camelContext = exchange.getContext();
        camelContext.getComponent("vertx-websocket", VertxWebsocketComponent.class).getVertx()
                .runOnContext(onEventLoop -> chats.get(camelContext).process(chat, doneSync -> { }));
    }

    /**
     * Sends one {@code chunk} frame per upstream chunk as it arrives, then {@code done}; completes
     * when the {@code done} frame is written. While {@link #PAUSE_AT} frames are not yet written
     * (a slow client), the backend's stream is paused until only {@link #RESUME_AT} are left.
     */
    public CompletableFuture<Void> relay(ChatStream upstream, Exchange exchange) {
        String key = exchange.getProperty(KEY, String.class);
        String id = exchange.getProperty(ID, String.class);
        boolean stream = exchange.getProperty(STREAM, true, Boolean.class);
        inFlight.attach(key, id, upstream);
        AtomicInteger unwritten = new AtomicInteger();
        Runnable written = () -> {
            if (unwritten.decrementAndGet() == RESUME_AT) {
                upstream.resume();
            }
        };
        CompletableFuture<Void> relayed = new CompletableFuture<>();
        upstream.forEach(chunk -> {                  // a throw (the client is gone) stops the upstream call
            String frame = stream ? WsFrames.chunk(id, chunk) : null;
            if (frame != null) {
                if (unwritten.incrementAndGet() == PAUSE_AT) {
                    upstream.pause();
                }
                send(exchange, key, frame, written);
            }
        }).whenComplete((reply, failure) -> {
            inFlight.finish(key, id);
            if (failure != null) {
                relayed.completeExceptionally(failure instanceof CompletionException wrapped ? wrapped.getCause() : failure);
                return;
            }
            try {
                RequestContext context = RequestContext.of(exchange);
                long elapsedMs = (System.nanoTime() - context.startNanos()) / 1_000_000;
                send(exchange, key, WsFrames.done(id, requestId(exchange), reply, context.route().backend().name(),
                        context.route().model(), elapsedMs), () -> relayed.complete(null));
            } catch (RuntimeException clientGone) {
                relayed.completeExceptionally(clientGone);
            }
        });
        return relayed;
    }

    /** Route-level error handler: an {@code error} frame, never a dropped connection. */
    public void writeError(Exchange exchange) {
        GatewayException error = Failures.describe(exchange);
        String key = exchange.getProperty(KEY, String.class);
        String id = exchange.getProperty(ID, String.class);
        if (exchange.getProperty(REGISTERED, false, Boolean.class)) {
            inFlight.finish(key, id);
        }
        if (exchange.getMessage().getBody() instanceof ChatStream unread) {
            unread.close();
        }
        try {
            send(exchange, key, WsFrames.error(id, requestId(exchange), error), () -> { });
        } catch (RuntimeException clientGone) {
            LOG.debug("Could not send the error frame of request {}: {}", LogSafe.text(id), clientGone.getMessage());
        }
    }

    private static String requestId(Exchange exchange) {
        RequestRecord record = RequestContext.of(exchange).record();
        return record == null ? null : record.id();
    }

    /** A client connected. */
    public void opened(Exchange exchange) {
        inFlight.openConnection(exchange.getMessage().getHeader(CONNECTION_KEY, String.class));
    }

    /** The client closed the connection: stop reading what it can no longer receive. */
    public void closed(Exchange exchange) {
        inFlight.closeConnection(exchange.getMessage().getHeader(CONNECTION_KEY, String.class));
        WebSocketCallers.of(exchange.getContext()).closed(exchange.getMessage().getHeader(REMOTE_ADDRESS));
    }


    /** Requests running on all connections, for tests and status. */
    public int running() {
        return inFlight.running();
    }

    /**
     * Sends one frame to one client, without waiting. Frames for a client that has gone are dropped
     * here: given a key it does not know, the vertx-websocket producer would try to connect out as
     * a client.
     */
    private void send(Exchange exchange, String key, String frame, Runnable written) {
        if (!inFlight.isOpen(key)) {
            throw new ClientGoneException("the WebSocket client is gone");
        }
        frames.send(exchange.getContext(), key, frame, written);
    }
}
