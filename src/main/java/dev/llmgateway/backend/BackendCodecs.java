package dev.llmgateway.backend;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The codecs this gateway has, by dialect ({@code ollama}, {@code openai}, ...): every
 * {@link BackendCodec} listed in META-INF/services/dev.llmgateway.backend.BackendCodec, found once
 * with Java's {@link ServiceLoader}, so that a jar can bring a dialect of its own.
 */
public final class BackendCodecs {

    private static final Map<String, BackendCodec> BY_DIALECT = load();

    private BackendCodecs() {
    }

    /** The codec class of a dialect, or empty when no codec speaks it. */
    public static Optional<Class<? extends BackendCodec>> forDialect(String dialect) {
        return codec(dialect).map(BackendCodec::getClass);
    }

    /** The codec of a dialect (codecs keep no state), or empty when no codec speaks it. */
    public static Optional<BackendCodec> codec(String dialect) {
        return Optional.ofNullable(BY_DIALECT.get(dialect));
    }

    public static java.util.Set<String> dialects() {
        return BY_DIALECT.keySet();
    }

    private static Map<String, BackendCodec> load() {
        Map<String, BackendCodec> codecs = new TreeMap<>();
        for (BackendCodec codec : ServiceLoader.load(BackendCodec.class, BackendCodec.class.getClassLoader())) {
            codecs.put(codec.dialect(), codec);
        }
        return Map.copyOf(codecs);
    }
}
