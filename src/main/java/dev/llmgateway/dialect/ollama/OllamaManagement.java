package dev.llmgateway.dialect.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendRegistry;
import dev.llmgateway.backend.BackendRouter;
import dev.llmgateway.backend.Route;
import dev.llmgateway.http.HttpEventStream;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.security.GatewayKeys;
import dev.llmgateway.stream.ClientGoneException;
import dev.llmgateway.stream.LiveReply;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Ollama's model management ({@code routes/ollama.yaml}): {@code POST /api/pull} (progress
 * streamed line by line as Ollama sends it), {@code POST /api/create}, {@code POST /api/copy},
 * {@code DELETE /api/delete}, forwarded to the Ollama backend that the model name's prefix (or
 * {@code X-LLM-Backend}, or {@code agents.defaultBackend}) names, with the name the backend knows:
 * <pre>
 * POST /api/pull {"model":"gpu-box/llama3.2"}  →  POST http://gpu-box:11434/api/pull {"model":"llama3.2"}
 *   ← {"status":"pulling manifest"} {"status":"pulling dde5aa3fc5ff","digest":"sha256:dde5…","total":2019377376,"completed":241970} … {"status":"success"}
 * </pre>
 * Ollama's answer goes back as it came, errors included. When the gateway asks for keys, these
 * calls need an admin key ({@code gateway.auth.adminKeys}): an ordinary key may use models, not
 * change them.
 */
public class OllamaManagement extends AsyncProcessorSupport {

    private static final String BACKEND = "llmBackend";
    private static final List<String> NAMES = List.of("model", "name", "source", "destination");

    /** Route step before the call: checks the key, picks the backend, strips its prefix from the names. */
    public void forward(String path, String method, byte[] body, Exchange exchange) {
        Message message = exchange.getMessage();
        GatewayKeys keys = exchange.getContext().getRegistry().lookupByNameAndType("llmGatewayKeys", GatewayKeys.class);
        String presented = GatewayKeys.presented(message.getHeader("Authorization", String.class),
                message.getHeader("x-api-key", String.class), null);
        if (keys != null && !keys.acceptsAdmin(presented)) {
            throw new GatewayException(403, "permission_error", "admin_key_required",
                    path + " changes a backend's models: it needs an admin key (gateway.auth.adminKeys)");
        }
        ObjectNode json = (ObjectNode) (body == null || body.length == 0 ? Json.object() : Json.requireObject(body, "the request body"));
        Backend backend = backend(json, message.getHeader(BackendRouter.HEADER, String.class), exchange);
        String prefix = backend.name() + "/";
        for (String field : NAMES) {
            String name = Json.string(json, field);
            if (name != null && name.startsWith(prefix)) {
                json.put(field, name.substring(prefix.length()));
            }
        }
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_METHOD, method);
        message.setHeader(Exchange.HTTP_PATH, path);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (backend.hasApiKey()) {
            message.setHeader("Authorization", "Bearer " + backend.apiKey());
        }
        message.setBody(Json.bytes(json));
        exchange.setProperty(BACKEND, backend);
        RequestContext.of(exchange).setRoute(new Route(backend, Json.string(json, "model"), false, "model management"));
    }

    /** The backend the first name's prefix names, else the header's, else the default; an Ollama one. */
    private static Backend backend(JsonNode json, String header, Exchange exchange) {
        BackendRegistry registry = exchange.getContext().getRegistry().lookupByNameAndType("llmBackends", BackendRegistry.class);
        Backend backend = null;
        if (header != null && !header.isBlank()) {
            backend = registry.require(header.trim());
        } else {
            for (String field : NAMES) {
                String name = Json.string(json, field);
                int slash = name == null ? -1 : name.indexOf('/');
                backend = slash > 0 ? registry.find(name.substring(0, slash)).orElse(null) : null;
                if (backend != null || name != null) {
                    break;
                }
            }
        }
        backend = backend != null ? registry.require(backend.name()) : registry.defaultBackend();
        if (!backend.dialect().equals("ollama")) {
            throw GatewayException.badRequest("backend '" + backend.name() + "' is no Ollama server (" + backend.dialect()
                    + "): models are managed on Ollama backends only; name one as the model's prefix, e.g. ollama/llama3.2");
        }
        String destination = Json.string(json, "destination");
        int slash = destination == null ? -1 : destination.indexOf('/');
        if (slash > 0 && registry.find(destination.substring(0, slash)).isPresent() && !destination.startsWith(backend.name() + "/")) {
            throw GatewayException.badRequest("a copy stays on one backend: 'destination' names another than '" + backend.name() + "'");
        }
        return backend;
    }

    /**
     * Route step after the call: a streamed answer (pull progress, NDJSON) passes through as it
     * arrives, at the client's pace; a whole one goes back with its status and content type.
     */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Message message = exchange.getMessage();
        Backend backend = exchange.getProperty(BACKEND, Backend.class);
        if (!(message.getBody() instanceof LiveReply live)) {
            int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
            String type = message.getHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8", String.class);
            message.getHeaders().clear();
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            message.setHeader(Exchange.CONTENT_TYPE, type);
            message.setHeader(BackendRouter.HEADER, backend.name());
            callback.done(true);
            return true;
        }
        HttpEventStream out = HttpEventStream.open(exchange, "application/x-ndjson").header(BackendRouter.HEADER, backend.name());
        out.onClientGone(live.abort());
        AtomicBoolean over = new AtomicBoolean();
        live.onReaderThread().execute(() -> {
            ReadStream<Buffer> in = live.body();
            in.handler(piece -> {
                try {
                    out.write(piece);
                } catch (ClientGoneException gone) {
                    live.abort().run();
                    return;
                }
                if (out.full()) {
                    in.pause();
                    out.onDrain(in::resume);
                }
            });
            in.exceptionHandler(failure -> {
                if (over.compareAndSet(false, true)) {
                    out.endWith(Json.write(Json.object().put("error", "backend '" + backend.name() + "' broke off: "
                            + failure.getMessage())) + "\n");
                    callback.done(false);
                }
            });
            in.endHandler(end -> {
                if (over.compareAndSet(false, true)) {
                    out.end();
                    callback.done(false);
                }
            });
            in.resume();
        });
        return false;
    }
}
