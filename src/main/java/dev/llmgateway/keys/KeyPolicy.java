package dev.llmgateway.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmgateway.model.GatewayException;
import java.util.List;
import java.util.Locale;

/**
 * What a key may do, as the admin API takes and shows it; every field may be left out (no limit):
 * <pre>
 * {"models":["ollama/*","gpt-4o-mini"],"backends":["ollama"],"sensitivity":"private",
 *  "limits":{"requestsPerMinute":3,"tokensPerMinute":10000},
 *  "budget":{"tokensPerDay":100000,"tokensPerMonth":2000000,"costPerDay":1.5,"costPerMonth":20.0}}
 * </pre>
 * A model pattern with a slash matches {@code <backend>/<model>} of the routed request, one without
 * matches the model on any backend; {@code *} stands for any run of characters. Sensitivity
 * {@code private} makes every request of the key private: it goes only to local and self-hosted
 * backends. Days and months are UTC.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyPolicy(List<String> models, List<String> backends, String sensitivity, Limits limits, Budget budget) {

    public static final KeyPolicy NONE = new KeyPolicy(null, null, null, null, null);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Limits(Integer requestsPerMinute, Long tokensPerMinute) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Budget(Long tokensPerDay, Long tokensPerMonth, Double costPerDay, Double costPerMonth) {
    }

    /** 400 for a policy the gateway could not keep: a negative limit, an unknown sensitivity. */
    public KeyPolicy checked() {
        if (sensitivity != null && !List.of("private", "public").contains(sensitivity.toLowerCase(Locale.ROOT))) {
            throw GatewayException.badRequest("sensitivity must be 'private' or 'public', not '" + sensitivity + "'");
        }
        if (limits != null) {
            positive("limits.requestsPerMinute", limits.requestsPerMinute());
            positive("limits.tokensPerMinute", limits.tokensPerMinute());
        }
        if (budget != null) {
            positive("budget.tokensPerDay", budget.tokensPerDay());
            positive("budget.tokensPerMonth", budget.tokensPerMonth());
            positive("budget.costPerDay", budget.costPerDay());
            positive("budget.costPerMonth", budget.costPerMonth());
        }
        return this;
    }

    public boolean alwaysPrivate() {
        return "private".equalsIgnoreCase(sensitivity);
    }

    /** Whether the key may use that model on that backend (no lists: any). */
    public boolean allows(String backend, String model) {
        boolean backendAllowed = backends == null || backends.contains(backend);
        boolean modelAllowed = models == null || models.stream().anyMatch(pattern -> pattern.indexOf('/') >= 0
                ? glob(pattern, backend + "/" + model) : glob(pattern, model));
        return backendAllowed && modelAllowed;
    }

    /** 403 for a key's request that its policy does not allow. */
    public static GatewayException notAllowed(VirtualKey key, String backend, String model) {
        KeyPolicy policy = key.policy();
        return new GatewayException(403, "permission_error", "model_not_allowed", "key '" + key.name() + "' may not use "
                + backend + "/" + model + ": it may use the models " + (policy.models() == null ? "[any]" : policy.models())
                + " on the backends " + (policy.backends() == null ? "[any]" : policy.backends()));
    }

    private static boolean glob(String pattern, String text) {
        String[] parts = pattern.split("\\*", -1);
        if (parts.length == 1) {
            return pattern.equals(text);
        }
        if (!text.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = text.indexOf(parts[i], at);
            if (found < 0) {
                return false;
            }
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return text.length() - at >= last.length() && text.endsWith(last);
    }

    private static void positive(String field, Number value) {
        if (value != null && value.doubleValue() <= 0) {
            throw GatewayException.badRequest(field + " must be greater than 0, not " + value);
        }
    }
}
