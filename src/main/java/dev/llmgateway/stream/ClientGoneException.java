package dev.llmgateway.stream;

/**
 * The client stopped listening (closed its connection or stopped reading): thrown from a
 * {@link ChatStream#relay} or {@link ChatStream#forEach} sink, it ends the reply, which aborts the
 * upstream call.
 */
public class ClientGoneException extends RuntimeException {

    public ClientGoneException(String message) {
        super(message, null, false, false);
    }
}
