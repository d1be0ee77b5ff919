package dev.llmgateway.conformance;

import java.util.List;

/**
 * What a scenario's backend answers, independent of its dialect; {@link Upstreams} renders it in
 * each backend's exact wire format, streamed or whole.
 *
 * @param errorStatus   non-zero: the backend refuses the request with this status, before any byte
 * @param midStreamError non-null: the backend fails with this message after the first content chunk
 */
record Reply(List<String> content, List<String> thinking, List<Call> calls, String finish,
             int promptTokens, int completionTokens, int errorStatus, String errorMessage,
             String midStreamError) {

    /** A tool call as the model makes it: arguments are a JSON object's text. */
    record Call(String id, String name, String arguments) {
    }

    static Reply text(String... parts) {
        return new Reply(List.of(parts), List.of(), List.of(), "stop", 12, parts.length, 0, null, null);
    }

    static Reply tools(Call... calls) {
        return new Reply(List.of(), List.of(), List.of(calls), "tool_calls", 30, 12, 0, null, null);
    }

    static Reply thinking(List<String> thoughts, String... parts) {
        return new Reply(List.of(parts), thoughts, List.of(), "stop", 12, parts.length + thoughts.size(), 0, null, null);
    }

    static Reply refused(int status, String message) {
        return new Reply(List.of(), List.of(), List.of(), "stop", 0, 0, status, message, null);
    }

    static Reply failsAfter(String firstPart, String error) {
        return new Reply(List.of(firstPart), List.of(), List.of(), "stop", 0, 0, 0, null, error);
    }

    String fullContent() {
        return String.join("", content);
    }

    String fullThinking() {
        return String.join("", thinking);
    }
}
