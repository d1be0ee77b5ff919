package dev.llmgateway.backend;

import dev.llmgateway.keys.KeyPolicy;
import dev.llmgateway.keys.VirtualKey;
import dev.llmgateway.model.BackendRequest;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.request.RequestContext;
import java.util.List;
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
 * A private request ({@link PrivacyRules}) bound for a third-party backend goes to
 * {@code agents.privateBackend} or is refused with 403; so is every request of a key whose policy
 * says {@code "sensitivity":"private"}, and a key's request for a backend or model its policy does
 * not list is refused with 403 {@code model_not_allowed}. Why, goes into the request's log line
 * ({@code route="header X-LLM-Backend; private: rerouted from openai"}).
 * Sets the request's {@link Route} and returns the request with the bare model name.
 */
public class BackendRouter {

    public static final String HEADER = "X-LLM-Backend";

    private final BackendRegistry registry;

    public BackendRouter(BackendRegistry registry) {
        this.registry = registry;
    }

    /** Step of {@code direct:llm-chat} and {@code direct:llm-embed}: the request for the bare model name. */
    public BackendRequest route(BackendRequest request, Exchange exchange) {
        List<String> detected = registry.privacy().sensitiveData().find(request);
        if (!detected.isEmpty()) {
            RequestContext.of(exchange).setDetected(detected);
        }
        return request.withModel(resolve(request.model(), exchange, detected));
    }

    /** Routes a bare model name (e.g. Ollama's /api/show); returns the name the backend knows. */
    public String resolve(String requestedModel, Exchange exchange) {
        return resolve(requestedModel, exchange, List.of());
    }

    /** @param detected the {@link SensitiveData} detectors that found something in the request */
    private String resolve(String requestedModel, Exchange exchange, List<String> detected) {
        String header = exchange.getMessage().getHeader(HEADER, String.class);
        String model = requestedModel;
        Backend backend;
        String reason;
        if (header != null && !header.isBlank()) {
            backend = registry.require(header.trim());
            reason = "header " + HEADER;
        } else {
            int slash = model == null ? -1 : model.indexOf('/');
            backend = slash > 0 ? registry.find(model.substring(0, slash)).orElse(null) : null;
            if (backend != null) {
                model = model.substring(slash + 1);
                reason = "model prefix";
            } else {
                backend = registry.defaultBackend();
                reason = "default backend";
            }
        }
        if (model == null || model.isBlank()) {
            model = backend.defaultModel() != null ? backend.defaultModel() : registry.defaultModel();
        }
        PrivacyRules privacy = registry.privacy();
        Object sensitivity = exchange.getMessage().getHeader(PrivacyRules.HEADER);
        VirtualKey caller = RequestContext.of(exchange).caller();
        KeyPolicy policy = caller == null ? KeyPolicy.NONE : caller.policy();
        if (!detected.isEmpty() && privacy.sensitiveData().action() == SensitiveData.Action.REFUSE) {
            RequestContext.of(exchange).setRoute(new Route(null, null, true, reason + "; refused: detected " + String.join(",", detected)));
            throw new GatewayException(403, "permission_error", "sensitive_data", "this request holds data of the kinds "
                    + detected + " and this gateway refuses such requests (agents.privacy.onDetect=refuse)");
        }
        boolean masked = !detected.isEmpty() && privacy.sensitiveData().action() == SensitiveData.Action.MASK;
        boolean isPrivate = privacy.isPrivate(sensitivity, backend.name(), model)
                || privacy.isPrivateModel(null, requestedModel) || (!detected.isEmpty() && !masked) || policy.alwaysPrivate();
        if (!detected.isEmpty()) {
            reason += "; detected " + String.join(",", detected) + (masked ? " (masked for third parties)" : "");
        }
        if (policy.alwaysPrivate()) {
            reason += "; key private";
        }
        if (isPrivate && !PrivacyRules.allows(backend)) {
            Backend refuge = privacy.privateBackend() == null ? null : registry.require(privacy.privateBackend());
            if (refuge == null) {
                RequestContext.of(exchange).setRoute(new Route(null, null, true,    // refused: no backend, no model
                        reason + "; private: refused third-party backend " + backend.name()));
                throw new GatewayException(403, "permission_error", "private_data_third_party",
                        "this request is private and may not go to third-party backend '" + backend.name()
                                + "'; send it to a local or self-hosted backend (or set agents.privateBackend)");
            }
            reason += "; private: rerouted from " + backend.name();
            backend = refuge;
            model = privacy.privateModel() != null ? privacy.privateModel()
                    : refuge.defaultModel() != null ? refuge.defaultModel() : registry.defaultModel();
        }
        if (model == null || model.isBlank()) {
            throw GatewayException.badRequest("no model given: send 'model' or set agents.defaultModel");
        }
        registry.require(backend.name());            // a disabled backend answers 503 with the reason
        if (!policy.allows(backend.name(), model)) {
            RequestContext.of(exchange).setRoute(new Route(null, null, isPrivate, reason + "; refused: key may not use "
                    + backend.name() + "/" + model));
            throw KeyPolicy.notAllowed(caller, backend.name(), model);
        }
        RequestContext.of(exchange).setRoute(new Route(backend, model, isPrivate, reason));
        return model;
    }
}
