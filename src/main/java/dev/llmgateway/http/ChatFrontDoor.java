package dev.llmgateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Route;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.stream.ChatStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * What every HTTP front door (OpenAI, Ollama, Anthropic) does the same way: read the body as a
 * JSON object and from then on stop the backend call when the client leaves; stream the reply as
 * the backend sends it, or answer it whole; answer an error in the dialect's shape, or, once the
 * stream began, as the dialect's error frame. A dialect supplies its parsing, its stream writer,
 * its whole reply and its error body. As a processor it writes the reply (the step after
 * {@code direct:llm-chat}).
 */
public abstract class ChatFrontDoor extends AsyncProcessorSupport {

    private final String contentType;

    /** {@code contentType}: of the dialect's JSON answers, e.g. {@code application/json}. */
    protected ChatFrontDoor(String contentType) {
        this.contentType = contentType;
    }

    /** The whole (non-streamed) reply in the dialect's shape. */
    protected abstract ObjectNode wholeReply(ChatResponse reply, String model, Exchange exchange);

    /** The dialect's error body, e.g. OpenAI's {@code {"error":{"message","type","param","code"}}}. */
    protected abstract ObjectNode errorJson(GatewayException error);

    /** The request body as a JSON object; from now on, a client that leaves stops its backend call. */
    public static JsonNode requestBody(byte[] body, Exchange exchange) {
        ClientDisconnects.watch(exchange);
        return Json.requireObject(body, "the request body");
    }

    /** The reply streams to the client in {@code streamType}, written by the dialect's writer. */
    protected static void streamWith(Exchange exchange, String streamType, Function<HttpEventStream, ChatStreamWriter> writer) {
        RequestContext.of(exchange).setWriter(writer.apply(HttpEventStream.open(exchange, streamType)));
    }

    /**
     * The route step after {@code direct:llm-chat} ({@code process}): streams the reply chunk by
     * chunk the moment each arrives, on the thread that read it, or answers it whole as one JSON
     * object once it is complete; no thread waits for the backend meanwhile. A failure goes to the
     * route's error handler ({@link #writeError}).
     */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        ChatStream upstream = exchange.getMessage().getBody(ChatStream.class);
        if (upstream == null) {
            exchange.setException(new IllegalStateException("direct:llm-chat answered no ChatStream"));
            callback.done(true);
            return true;
        }
        RequestContext context = RequestContext.of(exchange);
        Route route = context.route();
        String model = route == null || route.model() == null ? "" : route.model();
        ChatStreamWriter writer = context.writer();
        CompletableFuture<ChatResponse> reply;
        if (writer != null) {
            String backend = route.backend().name();
            writer.cancelOnDisconnect(upstream);
            reply = upstream.forEach(chunk -> {
                writer.write(chunk, backend, model);
                writer.pauseWhileFull(upstream);
            });
        } else {
            reply = upstream.forEach(chunk -> { });
        }
        reply.whenComplete((whole, failure) -> {
            try {
                if (failure != null) {
                    exchange.setException(failure instanceof CompletionException wrapped ? wrapped.getCause() : failure);
                } else if (writer != null) {
                    writer.finish(whole);
                } else {
                    respond(exchange, wholeReply(whole, model, exchange));
                }
            } catch (RuntimeException e) {
                exchange.setException(e);
            }
            callback.done(false);
        });
        return false;
    }

    /** Route-level error handler: the error with a fitting status, or the stream's error frame once it began. */
    public final void writeError(Exchange exchange) {
        GatewayException error = Failures.describe(exchange);
        if (exchange.getMessage().getBody() instanceof ChatStream unread) {
            unread.close();                     // release the backend connection
        }
        ChatStreamWriter writer = RequestContext.of(exchange).writer();
        if (writer != null && writer.started()) {
            writer.fail(error);
            return;
        }
        JsonReply.error(exchange, error, contentType, errorJson(error));
    }

    /** A 200 with {@code json} in the dialect's content type. */
    protected final void respond(Exchange exchange, ObjectNode json) {
        JsonReply.send(exchange, 200, contentType, json);
    }
}
