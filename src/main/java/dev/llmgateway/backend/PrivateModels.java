package dev.llmgateway.backend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The model names of {@code agents.privateModels}, matched the way backends resolve a name, so that
 * no spelling of a private model reaches a third party:
 * <pre>
 * agents.privateModels=secret-model,qwen3:8b,medical-*,ollama/notes
 *
 * secret-model   matches  secret-model, Secret-Model, secret-model:latest, secret-model:7b,
 *                         openai/secret-model, hf.co/acme/secret-model:Q4_K_M
 * qwen3:8b       matches  qwen3:8b, QWEN3:8B          but not qwen3:4b
 * medical-*      matches  medical-notes, Medical-Triage:70b      (* and ? are globs)
 * ollama/notes   matches  notes asked of backend ollama, and any model path ending in ollama/notes
 * </pre>
 * Case never matters. An entry without a tag covers every tag; a request without a tag asks for
 * {@code :latest}, as Ollama reads it. A request matches when its whole name, its last path segment
 * (the name without an organisation or a backend prefix) or {@code <backend>/<name>} matches.
 */
final class PrivateModels {

    private record Entry(Pattern name, Pattern tag) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<String> listed = new ArrayList<>();

    PrivateModels(Collection<String> names) {
        for (String name : names) {
            String entry = name.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            listed.add(entry);
            int colon = tagColon(entry);
            entries.add(new Entry(glob(colon < 0 ? entry : entry.substring(0, colon)),
                    colon < 0 ? null : glob(entry.substring(colon + 1))));
        }
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether a request for {@code model} on {@code backend} asks for a listed model. */
    boolean matches(String backend, String model) {
        if (model == null || model.isBlank() || entries.isEmpty()) {
            return false;
        }
        String lower = model.trim().toLowerCase(Locale.ROOT);
        int at = lower.indexOf('@', lower.lastIndexOf('/') + 1);      // name:tag@sha256:… pins a digest
        if (at >= 0) {
            lower = lower.substring(0, at);
        }
        int colon = tagColon(lower);
        String path = colon < 0 ? lower : lower.substring(0, colon);
        String tag = colon < 0 ? "latest" : lower.substring(colon + 1);
        List<String> names = List.of(path, path.substring(path.lastIndexOf('/') + 1),
                backend == null ? path : backend.toLowerCase(Locale.ROOT) + "/" + path);
        for (Entry entry : entries) {
            if ((entry.tag() == null || entry.tag().matcher(tag).matches())
                    && names.stream().anyMatch(name -> entry.name().matcher(name).matches())) {
                return true;
            }
        }
        return false;
    }

    /** The colon before the tag: the last one after the last slash ({@code hf.co/acme/m:q4}). */
    private static int tagColon(String name) {
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? colon : -1;
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String literal : glob.split("(?=[*?])|(?<=[*?])")) {
            regex.append(switch (literal) {
                case "*" -> ".*";
                case "?" -> ".";
                default -> Pattern.quote(literal);
            });
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public String toString() {
        return listed.toString();
    }
}
