package dev.llmgateway.backend;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.GatewayException;
import org.apache.camel.Exchange;

/**
 * Chooses the backend and model of a request, in this order:
 * <ol>
 *   <li>header {@code X-LLM-Backend} (must name a configured backend);</li>
 *   <li>a {@code <backend>/} prefix of {@code model}, when that prefix is a configured backend name
 *       ({@code lmStudio/openai/gpt-oss-20b}); LM Studio ids such as {@code openai/gpt-oss-20b}
 *       keep their slash because {@code openai} is not a backend name;</li>
 *   <li>{@code agents.defaultBackend}.</li>
 * </ol>
 * The model is the request's, else the backend's {@code defaultModel}, else {@code agents.defaultModel}.
 * Sets exchange properties {@value #BACKEND} (the {@link Backend}) and {@value #MODEL}, and returns the request with the bare model name.
 */
public class BackendRouter {

    public static final String HEADER = "X-LLM-Backend";
    public static final String BACKEND = "llmBackend";
    public static final String MODEL = "llmModel";

    private final BackendRegistry registry;

    public BackendRouter(BackendRegistry registry) {
        this.registry = registry;
    }

    public ChatRequest route(ChatRequest request, Exchange exchange) {
        return request.withModel(resolve(request.model(), exchange));
    }

    /** Routes a bare model name (e.g. Ollama's /api/show); returns the name the backend knows. */
    public String resolve(String requestedModel, Exchange exchange) {
        String header = exchange.getMessage().getHeader(HEADER, String.class);
        String model = requestedModel;
        Backend backend;
        if (header != null && !header.isBlank()) {
            backend = registry.require(header.trim());
        } else {
            int slash = model == null ? -1 : model.indexOf('/');
            backend = slash > 0 ? registry.find(model.substring(0, slash)).orElse(null) : null;
            if (backend != null) {
                model = model.substring(slash + 1);
            } else {
                backend = registry.defaultBackend();
            }
        }
        if (model == null || model.isBlank()) {
            model = backend.defaultModel() != null ? backend.defaultModel() : registry.defaultModel();
        }
        if (model == null || model.isBlank()) {
            throw GatewayException.badRequest("no model given: send 'model' or set agents.defaultModel");
        }
        registry.require(backend.name());            // a disabled backend answers 503 with the reason
        exchange.setProperty(BACKEND, backend);
        exchange.setProperty(MODEL, model);
        return model;
    }
}
