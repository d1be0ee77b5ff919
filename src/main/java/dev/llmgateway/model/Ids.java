package dev.llmgateway.model;

import java.security.SecureRandom;

/** Ids the gateway invents, e.g. for tool calls of backends that send none (Ollama, Gemini). */
public final class Ids {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** {@code prefix} followed by 24 random alphanumerics, e.g. {@code call_Xq3...}. */
    public static String random(String prefix) {
        StringBuilder id = new StringBuilder(prefix.length() + 24).append(prefix);
        for (int i = 0; i < 24; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    public static String toolCall() {
        return random("call_");
    }
}
