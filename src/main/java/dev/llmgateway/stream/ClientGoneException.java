package dev.llmgateway.stream;

/**
 * The client stopped listening (closed its connection or stopped reading): thrown from a
 * {@link ChatStream#relay} sink, it ends the relay, which aborts the upstream call.
 */
public class ClientGoneException extends RuntimeException {

    public ClientGoneException(String message) {
        super(message, null, false, false);
    }
}
