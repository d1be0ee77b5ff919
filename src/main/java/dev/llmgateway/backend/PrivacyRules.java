package dev.llmgateway.backend;

import dev.llmgateway.model.GatewayException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which requests must stay on {@code local} or {@code self-hosted} backends:
 * <pre>
 * X-Data-Sensitivity: private              (WebSocket: "sensitivity":"private")
 * agents.defaultSensitivity=private        every request, unless the operator says otherwise
 * agents.privateModels=medical-*,qwen3:8b  requests for these models, however spelled ({@link PrivateModels})
 * agents.privateBackend=ollama             where a private request aimed at a third party goes
 * agents.privateModel=llama3.2             ... and with which model (else that backend's default)
 * agents.privacy.detect=email,iban          requests whose text holds such data ({@link SensitiveData})
 * </pre>
 * A client can mark a request private but never lower the operator's default. Anything but one of
 * the words {@code private}, {@code normal}, {@code public} (any case) is refused, because a typo
 * ({@code confidental}), a list or two headers that disagree must not silently send data out.
 */
public record PrivacyRules(boolean privateByDefault, PrivateModels privateModels,
                           String privateBackend, String privateModel, SensitiveData sensitiveData) {

    public static final String HEADER = "X-Data-Sensitivity";

    public PrivacyRules(boolean privateByDefault, Collection<String> privateModels, String privateBackend,
                        String privateModel, SensitiveData sensitiveData) {
        this(privateByDefault, new PrivateModels(privateModels), privateBackend, privateModel, sensitiveData);
    }

    /**
     * Whether a request for {@code model} on {@code backend} must stay local or self-hosted.
     *
     * @param sensitivity what the client said: null (nothing), a String, or the values of a repeated
     *                    header (a Collection), as Camel's platform-http hands them over
     */
    public boolean isPrivate(Object sensitivity, String backend, String model) {
        return isMarkedPrivate(sensitivity) || privateByDefault || isPrivateModel(backend, model);
    }

    /** Whether {@code model} on {@code backend} is one of {@code agents.privateModels}. */
    public boolean isPrivateModel(String backend, String model) {
        return privateModels.matches(backend, model);
    }

    /** What the client said, validated: true for private, false for normal or nothing said; else a 400. */
    public static boolean isMarkedPrivate(Object sensitivity) {
        if (sensitivity == null) {
            return false;
        }
        Set<String> values = new LinkedHashSet<>();
        if (sensitivity instanceof Collection<?> repeated) {
            repeated.forEach(value -> values.add(word(value)));
        } else {
            values.add(word(sensitivity));
        }
        if (values.size() != 1) {
            throw GatewayException.badRequest("conflicting " + HEADER + " values " + values + "; send one: private or normal");
        }
        return values.contains("private");
    }

    private static String word(Object value) {
        String text = value instanceof String string ? string.trim().toLowerCase(Locale.ROOT) : null;
        if (text == null || !(text.equals("private") || text.equals("normal") || text.equals("public"))) {
            throw GatewayException.badRequest("unknown " + HEADER + " '" + value + "'; use private or normal");
        }
        return text.equals("public") ? "normal" : text;
    }

    /** Whether private data may go to a backend of this category. */
    public static boolean allows(Backend backend) {
        return !"third-party".equals(backend.category());
    }
}
