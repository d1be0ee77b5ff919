package dev.llmgateway.model;

import java.util.Locale;

/** Who wrote a message. OpenAI's {@code developer} role is a system message here. */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL;

    public static Role of(String wire) {
        if (wire == null) {
            throw GatewayException.badRequest("every message needs a 'role'");
        }
        return switch (wire.toLowerCase(Locale.ROOT)) {
            case "system", "developer" -> SYSTEM;
            case "user" -> USER;
            case "assistant", "model" -> ASSISTANT;
            case "tool" -> TOOL;
            default -> throw GatewayException.badRequest("unknown message role '" + wire + "'");
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
