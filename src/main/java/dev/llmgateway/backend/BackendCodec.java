package dev.llmgateway.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.http.RequestIds;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.model.TextCompletion;
import dev.llmgateway.model.TokenCountRequest;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.stream.ChatStream;
import dev.llmgateway.stream.DecodingChatStream;
import dev.llmgateway.stream.FrameDecoder;
import dev.llmgateway.stream.Framing;
import dev.llmgateway.stream.LiveReply;
import dev.llmgateway.stream.UpstreamCall;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

/**
 * One backend dialect's wire format, which the backend kamelets ({@code llm-chat-sink},
 * {@code llm-models-action}) call around their HTTP request: {@link #encodeRequest} before,
 * {@link #decodeReply} after. Chat is every dialect's, text completions go as chats unless the
 * dialect completes text itself ({@link #completesText}); embeddings and token counts are offered by
 * the dialects that have them ({@link #embeddingWire()}, {@link #tokenCountPath()}). A new dialect
 * is one subclass, listed in
 * META-INF/services/dev.llmgateway.backend.BackendCodec under its {@link #dialect()} name (a
 * backend's {@code type}); nothing else in the gateway names dialects.
 */
public abstract class BackendCodec {

    /** The backend the kamelet calls: set by the kamelet itself from its {@code backend} property. */
    public static final String BACKEND = "llmBackend";
    /** Exchange property after a model-list call: the names of the models the backend has loaded now, when it tells. */
    public static final String LOADED_MODELS = "llmLoadedModels";
    /** Exchange property after a model-list call: the path of the loaded-models call, when the backend has one. */
    public static final String LOADED_MODELS_PATH = "llmLoadedModelsPath";
    private static final String MODEL_LIST = "llmModelList";

    /** Set by {@link #encodeRequest} for a call that is no chat (embeddings, token count): how to read its reply. */
    private static final String WHOLE_REPLY = "llmWholeReply";

    /** A whole (non-streamed) reply is read into memory up to this size; a larger one is a 502, not an OutOfMemoryError. */
    static final int MAX_REPLY_BYTES = 64 * 1024 * 1024;

    /**
     * Whether this backend completes a text completion's prompt natively (then {@link #encode} and
     * {@link #chatPath} send it as such); when not, the request goes as a chat and a {@code suffix}
     * (fill-in-the-middle) is refused.
     */
    public boolean completesText(ChatRequest request, Backend backend) {
        return false;
    }

    /** The request body in this dialect's wire shape. */
    protected abstract ObjectNode encode(ChatRequest request);

    /** The request body for one backend; override when per-backend settings shape it. */
    protected ObjectNode encode(ChatRequest request, Backend backend) {
        return encode(request);
    }

    /** The name backends give as their {@code type}, e.g. {@code openai}. */
    public abstract String dialect();

    /**
     * The chat endpoint below the base URL, with a query when it needs one: {@code /chat/completions},
     * or Gemini's {@code /v1beta/models/{model}:streamGenerateContent?alt=sse}. Sent as the
     * {@code CamelHttpPath} and {@code CamelHttpQuery} headers, so the kamelet's endpoint is fixed.
     */
    protected abstract String chatPath(ChatRequest request, Backend backend);

    /** The model-list endpoint below the base URL, e.g. {@code /models}. */
    protected abstract String modelsPath(Backend backend);

    /** A decoder for one streamed reply. */
    protected abstract FrameDecoder newFrameDecoder(Backend backend);

    /** The whole reply of a non-streaming call as one chunk. */
    protected abstract ChatChunk decodeWhole(JsonNode body);

    /** The models of a model-list response. */
    protected abstract List<ModelInfo> decodeModels(JsonNode body, Backend backend);

    /** Where this dialect counts the tokens of a {@link TokenCountRequest} (Anthropic's), or null when it does not. */
    public String tokenCountPath() {
        return null;
    }

    /** This dialect's embeddings API, or null when it has none (a request for one is a 400). */
    public EmbeddingWire embeddingWire() {
        return null;
    }

    /** Sets this dialect's auth header; the default is {@code Authorization: Bearer}. */
    protected void authenticate(Message message, Backend backend) {
        if (backend.hasApiKey()) {
            message.setHeader("Authorization", "Bearer " + backend.apiKey());
        }
    }

    /**
     * Kamelet step before the call: the request (a ChatRequest, EmbeddingRequest or
     * TokenCountRequest) → JSON text, its path, plus headers (auth, X-Request-Id).
     * Set here rather than with a Simple expression in the kamelet: Camel's Simple language
     * introspects the class of a {@code ${exchangeProperty.x.y}} value anew on every evaluation.
     */
    public void encodeRequest(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        Backend backend = backend(exchange);
        if (message.getBody() instanceof EmbeddingRequest embeddings) {
            EmbeddingWire wire = requireEmbeddings(backend);
            message.setBody(Json.write(wire.encode(embeddings, backend)));
            target(message, wire.path(embeddings, backend));
            exchange.setProperty(WHOLE_REPLY, (Function<JsonNode, Object>) json -> wire.decode(json, backend));
        } else if (message.getBody() instanceof TokenCountRequest count) {
            String path = tokenCountPath();
            if (path == null) {
                throw GatewayException.badRequest("backend '" + backend.name() + "' (" + dialect() + ") does not count tokens");
            }
            message.setBody(Json.write(count.body()));
            target(message, path);
            exchange.setProperty(WHOLE_REPLY, (Function<JsonNode, Object>) json -> json);
        } else {
            ChatRequest request = message.getMandatoryBody(ChatRequest.class);
            TextCompletion completion = request.completion();
            if (completion != null && completion.suffix() != null && !completesText(request, backend)) {
                throw GatewayException.badRequest("backend '" + backend.name() + "' (" + dialect() + ") cannot fill in "
                        + "the middle ('suffix'): send it to an Ollama backend or an OpenAI-compatible server's /completions");
            }
            message.setBody(Json.write(encode(request, backend)));
            target(message, chatPath(request, backend));
        }
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        authenticate(message, backend);
        RequestContext context = RequestContext.of(exchange);
        if (context.record() != null) {
            message.setHeader(RequestIds.HEADER, context.record().id());
        }
    }

    /** This dialect's embeddings API, or a 400 that names the backend. */
    public EmbeddingWire requireEmbeddings(Backend backend) {
        EmbeddingWire wire = embeddingWire();
        if (wire == null) {
            throw GatewayException.badRequest("backend '" + backend.name() + "' (" + dialect()
                    + ") has no embeddings API; send embeddings to an Ollama, OpenAI-compatible or Gemini backend");
        }
        return wire;
    }

    /** Kamelet step before a model-list call: the path and the auth headers. */
    public void prepareModelsRequest(Exchange exchange) {
        Backend backend = backend(exchange);
        target(exchange.getMessage(), modelsPath(backend));
        authenticate(exchange.getMessage(), backend);
    }

    /**
     * Kamelet step after a model-list call, for a backend that can also tell which models it holds
     * in memory now (the gateway then prefers, among a backend's replicas, one that has the requested
     * model loaded): the path and auth headers of that call, the exchange property
     * {@value #LOADED_MODELS_PATH} set, the model list kept aside. Nothing for other backends.
     */
    public void prepareLoadedModelsRequest(Exchange exchange) {
        Backend backend = backend(exchange);
        String path = loadedModelsPath(backend);
        if (path == null) {
            return;
        }
        exchange.setProperty(LOADED_MODELS_PATH, path);
        exchange.setProperty(MODEL_LIST, exchange.getMessage().getBody());
        exchange.getMessage().getHeaders().clear();
        target(exchange.getMessage(), path);
        authenticate(exchange.getMessage(), backend);
        exchange.getMessage().setBody("");
    }

    /**
     * Kamelet step after the loaded-models call: their names in the exchange property
     * {@value #LOADED_MODELS} (none set when the backend did not answer with a list: not known);
     * the model list is the body again.
     */
    public Object decodeLoadedModelList(Exchange exchange) throws IOException {
        Backend backend = backend(exchange);
        Message message = exchange.getMessage();
        byte[] body = readBody(message, backend);
        if (UpstreamErrors.of(message, body, backend) == null) {
            exchange.setProperty(LOADED_MODELS, decodeLoadedModels(readJson(body, backend)));
        }
        return exchange.getProperty(MODEL_LIST);
    }

    /** Path of the list of models the backend holds in memory now, e.g. Ollama's {@code /api/ps}; null when it has none. */
    protected String loadedModelsPath(Backend backend) {
        return null;
    }

    /** The names in that list. */
    protected List<String> decodeLoadedModels(JsonNode body) {
        return List.of();
    }

    /** {@code /v1beta/models?pageSize=1000} → CamelHttpPath {@code /v1beta/models}, CamelHttpQuery {@code pageSize=1000}. */
    private static void target(Message message, String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        message.setHeader(Exchange.HTTP_PATH, query < 0 ? pathAndQuery : pathAndQuery.substring(0, query));
        if (query >= 0) {
            message.setHeader(Exchange.HTTP_QUERY, pathAndQuery.substring(query + 1));
        }
    }

    /**
     * Kamelet step after the call: a streamed upstream body (a {@link LiveReply} from the
     * {@code llm-upstream} endpoint) becomes a {@link ChatStream} read as it arrives, a whole one a
     * {@link ChatStream} of one chunk; an error status becomes a {@link GatewayException} carrying
     * the upstream's status and message. The call's circuit breaker counts an answer as a success,
     * also an error that is the request's fault (a 4xx but 408 and 429).
     */
    public Object decodeReply(Exchange exchange) throws IOException {
        Backend backend = backend(exchange);
        UpstreamCall call = RequestContext.of(exchange).upstreamCall();
        if (call != null) {
            call.answered();
        }
        Message message = exchange.getMessage();
        if (message.getBody() instanceof LiveReply live) {
            if (call != null) {
                call.succeeded();
            }
            String contentType = String.valueOf(message.getHeader(Exchange.CONTENT_TYPE));
            Framing framing = contentType.contains("text/event-stream") ? Framing.SSE : Framing.NDJSON;
            return new DecodingChatStream(live.body(), live.abort(), live.onReaderThread(), framing,
                    newFrameDecoder(backend), backend.name(), call);
        }
        try {
            byte[] body = readBody(message, backend);
            GatewayException error = UpstreamErrors.of(message, body, backend);
            if (error != null) {
                if (call != null && UpstreamErrors.isRequestsFault(error.status())) {
                    call.succeeded();               // the backend is well: a missing model must not open its breaker
                }
                throw error;
            }
            @SuppressWarnings("unchecked")
            Function<JsonNode, Object> decoder = exchange.getProperty(WHOLE_REPLY, Function.class);
            Object whole = decoder != null ? decoder.apply(readJson(body, backend))
                    : ChatStream.of(List.of(decodeWhole(readJson(body, backend))));
            if (call != null) {
                call.succeeded();
            }
            return whole;
        } catch (IOException readFailed) {
            GatewayException overdue = call == null ? null : call.overdue();
            if (overdue != null) {
                throw overdue;                      // a time limit stopped the read
            }
            throw readFailed;
        } finally {
            if (call != null) {
                call.finished();
            }
        }
    }

    /** Kamelet step after a model-list call. */
    public List<ModelInfo> decodeModelList(Exchange exchange) throws IOException {
        Backend backend = backend(exchange);
        Message message = exchange.getMessage();
        byte[] body = readBody(message, backend);
        GatewayException error = UpstreamErrors.of(message, body, backend);
        if (error != null) {
            throw error;
        }
        return decodeModels(readJson(body, backend), backend);
    }

    /** A whole reply's bytes, at most {@link #MAX_REPLY_BYTES}: a larger one is a 502, not an OutOfMemoryError. */
    private static byte[] readBody(Message message, Backend backend) throws IOException {
        byte[] bytes;
        if (message.getBody() instanceof byte[] whole) {
            bytes = whole;                          // as the llm-upstream endpoint read it
        } else {
            InputStream body = message.getBody(InputStream.class);
            bytes = body == null ? new byte[0] : body.readNBytes(MAX_REPLY_BYTES + 1);
        }
        if (bytes.length > MAX_REPLY_BYTES) {
            throw GatewayException.upstream(backend.name(), 502, "the reply is larger than the " + MAX_REPLY_BYTES
                    + " bytes the gateway reads of one reply");
        }
        return bytes;
    }

    private static JsonNode readJson(byte[] body, Backend backend) {
        try {
            return Json.parse(body);
        } catch (IOException e) {
            throw GatewayException.upstream(backend.name(), 502, "the reply is not JSON: "
                    + UpstreamErrors.abbreviate(new String(body, StandardCharsets.UTF_8)));
        }
    }

    protected static Backend backend(Exchange exchange) {
        return exchange.getProperty(BACKEND, Backend.class);
    }
}
