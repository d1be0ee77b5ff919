package dev.llmgateway.backend;

/**
 * Where one chat request goes, in its {@code RequestContext} (exchange property llmContext): decided by
 * {@link BackendRouter}, moved to each backend {@link BackendCalls} tries, and afterwards the one
 * that answered (or failed last). Front doors name it in their replies ({@code X-LLM-Backend}), the
 * request's log line says why ({@code route="model prefix; failover from ollama"}), and the YAML
 * routes read it as {@code ${exchangeProperty.llmContext.route.backend.dialect}}.
 *
 * @param backend   the backend; null when the request was refused before it had one
 * @param model     the model name sent to it, without the {@code <backend>/} prefix; null when
 *                  the request was refused
 * @param isPrivate whether the request may only go to a local or self-hosted backend
 * @param reason    why this backend: {@code header X-LLM-Backend}, {@code model prefix} or
 *                  {@code default backend}, then a private reroute or refusal, a failover
 */
public record Route(Backend backend, String model, boolean isPrivate, String reason) {

    /** The same request, tried on {@code other} (a fallback) with {@code otherModel}. */
    public Route to(Backend other, String otherModel) {
        return new Route(other, otherModel, isPrivate, reason);
    }

    /** The same request, answered by a fallback of the backend it was routed to. */
    public Route failedOverTo(Backend fallback, String fallbackModel) {
        return new Route(fallback, fallbackModel, isPrivate, reason + "; failover from " + backend.name());
    }
}
