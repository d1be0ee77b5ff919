package dev.llmgateway.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * What a client got, whatever dialect it speaks: the reply aggregated from a stream or read
 * whole, or the error (with its HTTP status when it came before the first byte).
 */
final class Outcome {
    int status = 200;
    final StringBuilder content = new StringBuilder();
    final StringBuilder thinking = new StringBuilder();
    final List<Reply.Call> calls = new ArrayList<>();
    String finish;
    Integer promptTokens;
    Integer completionTokens;
    int chunks;
    String error;

    /** Appends a streamed tool-call piece: the first piece of an index opens the call. */
    void callPiece(int index, String id, String name, String arguments) {
        while (calls.size() <= index) {
            calls.add(new Reply.Call(null, null, ""));
        }
        Reply.Call current = calls.get(index);
        calls.set(index, new Reply.Call(current.id() != null ? current.id() : id,
                current.name() != null && !current.name().isEmpty() ? current.name() : name,
                current.arguments() + (arguments == null ? "" : arguments)));
    }

    @Override
    public String toString() {
        return "Outcome[status=" + status + ", content=" + content + ", thinking=" + thinking + ", calls=" + calls
                + ", finish=" + finish + ", usage=" + promptTokens + "/" + completionTokens + ", chunks=" + chunks
                + ", error=" + error + "]";
    }
}
