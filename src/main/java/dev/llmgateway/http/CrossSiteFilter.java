package dev.llmgateway.http;

import dev.llmgateway.model.GatewayException;
import dev.llmgateway.security.LogSafe;
import dev.llmgateway.security.SiteRules;
import io.vertx.core.http.HttpServerRequest;
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
        HttpServerRequest request = routing.request();
        String host = request.getHeader("Host");
        if (!rules.hostAllowed(host)) {
            IngressErrors.reply(routing, new GatewayException(403, "permission_error", "host_not_allowed",
                    "this gateway does not answer to the host name in 'Host: " + LogSafe.text(host)
                            + "'; add it to gateway.allowedHosts"));
            return;
        }
        String origin = request.getHeader("Origin");
        if (!rules.originAllowed(origin, host)) {
            IngressErrors.reply(routing, new GatewayException(403, "permission_error", "origin_not_allowed",
                    "web pages of " + LogSafe.text(origin) + " may not use this gateway; add the origin to "
                            + "gateway.allowedOrigins"));
            return;
        }
        routing.next();
    }
}
