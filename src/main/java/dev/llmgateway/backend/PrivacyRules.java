package dev.llmgateway.backend;

import dev.llmgateway.model.GatewayException;
import java.util.Locale;
import java.util.Set;

/**
 * Which requests must stay on {@code local} or {@code self-hosted} backends:
 * <pre>
 * X-Data-Sensitivity: private              (WebSocket: "sensitivity":"private")
 * agents.defaultSensitivity=private        every request, unless the operator says otherwise
 * agents.privateModels=medical-notes,qwen3:8b   requests for these model names
 * agents.privateBackend=ollama             where a private request aimed at a third party goes
 * agents.privateModel=llama3.2             ... and with which model (else that backend's default)
 * </pre>
 * A client can mark a request private but never lower the operator's default; an unknown value is
 * refused, because a typo ({@code confidental}) must not silently send data out.
 */
public record PrivacyRules(boolean privateByDefault, Set<String> privateModels,
                           String privateBackend, String privateModel) {

    public static final String HEADER = "X-Data-Sensitivity";

    public PrivacyRules {
        privateModels = Set.copyOf(privateModels);
    }

    /** Whether this request must stay local or self-hosted. */
    public boolean isPrivate(String sensitivity, String requestedModel) {
        String value = sensitivity == null ? "" : sensitivity.trim().toLowerCase(Locale.ROOT);
        boolean marked = switch (value) {
            case "private" -> true;
            case "", "normal", "public" -> false;
            default -> throw GatewayException.badRequest("unknown " + HEADER + " '" + sensitivity
                    + "'; use private or normal");
        };
        return marked || privateByDefault || (requestedModel != null && privateModels.contains(requestedModel));
    }

    /** Whether private data may go to a backend of this category. */
    public static boolean allows(Backend backend) {
        return !"third-party".equals(backend.category());
    }
}
