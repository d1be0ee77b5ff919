package dev.llmgateway.stream;

import io.vertx.core.VertxException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Failures of the Vert.x HTTP client as the gateway's retry rules and error answers know them:
 * the kinds of {@link IOException} that a blocking client throws for the same events.
 */
public final class UpstreamFailures {

    private UpstreamFailures() {
    }

    /** The HTTP client's idle timeout fired: the backend sent nothing for longer than the read timeout. */
    static boolean isReadTimeout(Throwable failure) {
        return failure instanceof TimeoutException;
    }

    /**
     * A failure before the reply began: refused, unknown host and TLS failures stay as they are (they
     * are {@link IOException}s); the read timeout becomes a {@link SocketTimeoutException}; a
     * connection that closed or was reset becomes an {@link IOException} (a backend may be asked again).
     */
    public static Throwable of(Throwable failure) {
        if (isReadTimeout(failure)) {
            return new SocketTimeoutException(failure.getMessage());
        }
        if (failure instanceof VertxException) {
            return new IOException(failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName(), failure);
        }
        return failure;
    }
}
