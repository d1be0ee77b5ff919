package dev.llmgateway.model;

/** Why generation ended, named as OpenAI names it. */
public enum FinishReason {
    STOP("stop"), LENGTH("length"), TOOL_CALLS("tool_calls"), CONTENT_FILTER("content_filter"),
    CANCELLED("cancelled"),
    /** Ollama's answer to an empty prompt: the model was loaded (or, with {@code keep_alive:0}, unloaded). */
    LOAD("load"), UNLOAD("unload");

    private final String openAiName;

    FinishReason(String openAiName) {
        this.openAiName = openAiName;
    }

    public String openAiName() {
        return openAiName;
    }

    /** Maps OpenAI / Ollama names; unknown non-null values count as a normal stop. */
    public static FinishReason fromWire(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "length", "max_tokens" -> LENGTH;
            case "tool_calls", "function_call", "tool_use" -> TOOL_CALLS;
            case "content_filter" -> CONTENT_FILTER;
            case "load" -> LOAD;
            case "unload" -> UNLOAD;
            default -> STOP;
        };
    }
}
