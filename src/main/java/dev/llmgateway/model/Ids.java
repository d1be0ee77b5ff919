package dev.llmgateway.model;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids the gateway invents: request ids, completion ids, ids for tool calls of backends that send
 * none (Ollama, Gemini). They name things; none of them guards anything, so they come from a fast
 * per-thread generator, not SecureRandom, which takes a lock for every character.
 */
public final class Ids {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private Ids() {
    }

    /** {@code prefix} followed by 24 random alphanumerics, e.g. {@code call_Xq3...}. */
    public static String random(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(prefix.length() + 24).append(prefix);
        for (int i = 0; i < 24; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    public static String toolCall() {
        return random("call_");
    }
}
