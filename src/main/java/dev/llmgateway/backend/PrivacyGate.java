package dev.llmgateway.backend;

import dev.llmgateway.keys.KeyPolicy;
import dev.llmgateway.keys.VirtualKey;
import dev.llmgateway.model.BackendRequest;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.stream.ChatStream;
import org.apache.camel.Exchange;
import org.apache.camel.support.ExchangeHelper;

/**
 * The last check before a chat request leaves for a backend: the first step of every backend's
 * route ({@code direct:llm-backend-<name>}, template {@code llm-backend}), so every path there (a
 * front door, a retry, a fallback, the model test runner, whatever comes next) passes it. A request
 * whose privacy was never decided by {@link BackendRouter} is refused rather than sent; a private
 * one, or one for a model of {@code agents.privateModels}, never reaches a third-party backend, and
 * a key's request never reaches a backend or model its policy does not allow. The
 * backend judged is the route's own, not the one the exchange names: a caller that sends to
 * {@code direct:llm-backend-openai} an exchange naming a local backend still meets openai's rules.
 */
public class PrivacyGate {

    private static final String ROUTE_PREFIX = "llm-backend-";
    private static final String MASKED = "llmMasked";

    private final BackendRegistry registry;

    public PrivacyGate(BackendRegistry registry) {
        this.registry = registry;
    }

    /** Step of the backend route {@code llm-backend-<name>}, whose name says which backend it calls. */
    public void check(Exchange exchange) {
        Route route = RequestContext.of(exchange).route();
        String routeId = ExchangeHelper.getAtRouteId(exchange);
        Backend backend = routeId == null || !routeId.startsWith(ROUTE_PREFIX) ? null
                : registry.find(routeId.substring(ROUTE_PREFIX.length())).orElse(null);
        if (route == null || backend == null) {
            throw new IllegalStateException("a chat request reached a backend route without a privacy decision "
                    + "(it did not pass llmRouter): not sent");
        }
        VirtualKey caller = RequestContext.of(exchange).caller();
        if (caller != null && !caller.policy().allows(backend.name(), route.model())) {
            throw KeyPolicy.notAllowed(caller, backend.name(), route.model());      // e.g. a fallback the key may not use
        }
        if ((route.isPrivate() || registry.privacy().isPrivateModel(backend.name(), route.model()))
                && !PrivacyRules.allows(backend)) {
            throw new GatewayException(403, "permission_error", "private_data_third_party",
                    "this request is private and may not go to third-party backend '" + backend.name() + "'");
        }
        mask(exchange, backend);
    }

    /**
     * With {@code agents.privacy.onDetect=mask}, a request in which the detectors found something
     * goes to a third-party backend with stand-ins for what they found; a local or self-hosted
     * backend (a fallback, say) gets it as sent.
     */
    private void mask(Exchange exchange, Backend backend) {
        SensitiveData detectors = registry.privacy().sensitiveData();
        exchange.removeProperty(MASKED);
        if (detectors.action() != SensitiveData.Action.MASK || PrivacyRules.allows(backend)
                || RequestContext.of(exchange).detected().isEmpty()) {
            return;
        }
        Placeholders placeholders = new Placeholders();
        BackendRequest masked = Masking.mask(exchange.getMessage().getBody(BackendRequest.class), detectors, placeholders);
        exchange.getMessage().setBody(masked);
        exchange.setProperty(MASKED, placeholders);
    }

    /** The step after the backend's call: a masked request's reply gets the masked values back. */
    public void restore(Exchange exchange) {
        Placeholders placeholders = exchange.getProperty(MASKED, Placeholders.class);
        if (placeholders != null && !placeholders.isEmpty() && exchange.getMessage().getBody() instanceof ChatStream reply) {
            exchange.getMessage().setBody(new RestoringChatStream(reply, placeholders));
        }
    }
}
