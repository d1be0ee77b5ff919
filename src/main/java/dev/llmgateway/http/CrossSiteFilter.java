package dev.llmgateway.http;

import dev.llmgateway.model.GatewayException;
import dev.llmgateway.security.SiteRules;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses, with 403 in the caller's dialect and before any other work, a request from a web page
 * of another site ({@code Origin}) or for a host name the gateway does not answer to ({@code Host},
 * DNS rebinding); see {@link SiteRules}. A page could otherwise POST {@code text/plain} to
 * {@code /v1/chat/completions} without a CORS preflight and spend the operator's backend keys.
 */
public class CrossSiteFilter extends PlatformHttpFilter {

    private final SiteRules rules;

    public CrossSiteFilter(SiteRules rules) {
        this.rules = rules;
    }

    @Override
    protected Stage stage() {
        return Stage.CROSS_SITE;
    }

    @Override
    protected void handle(RoutingContext routing) {
        GatewayException refusal = rules.refusal(routing.request().getHeader("Host"), routing.request().getHeader("Origin"));
        if (refusal != null) {
            IngressErrors.reply(routing, refusal);
        } else {
            routing.next();
        }
    }
}
