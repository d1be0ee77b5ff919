package dev.llmgateway.stream;

import io.netty.channel.ChannelException;
import io.vertx.core.VertxException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Failures of the Vert.x HTTP client as the gateway's retry rules and error answers know them:
 * the kinds of {@link IOException} that a blocking client throws for the same events.
 */
public final class UpstreamFailures {

    private UpstreamFailures() {
    }

    /**
     * The gateway's own resources failed, not the backend: no socket could be opened (Netty's
     * {@code ChannelException: Failed to open a socket}, at the process's open-file limit).
     */
    static boolean isLocal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ChannelException) {
                return true;
            }
        }
        return false;
    }

    /** The HTTP client's idle timeout fired: the backend sent nothing for longer than the read timeout. */
    static boolean isReadTimeout(Throwable failure) {
        return failure instanceof TimeoutException;
    }

    /**
     * A failure before the reply began: refused and unknown host stay as they are (they are
     * {@link IOException}s); a TLS failure says its cause (an untrusted certificate, a wrong host
     * name); the read timeout becomes a {@link SocketTimeoutException}; a connection that closed or
     * was reset becomes an {@link IOException} (a backend may be asked again).
     */
    public static Throwable of(Throwable failure) {
        if (isReadTimeout(failure)) {
            return new SocketTimeoutException(failure.getMessage());
        }
        if (failure instanceof SSLException tls && failure.getCause() != null) {
            // Vert.x says "Failed to create SSL connection"; the cause says why, e.g. "PKIX path
            // building failed: unable to find valid certification path to requested target"
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return new SSLException(tls.getMessage() + ": " + root.getMessage(), failure);
        }
        if (isLocal(failure)) {
            return new IOException("the gateway could not open a connection (" + failure.getMessage()
                    + "; is its open-file limit reached?)", failure);
        }
        if (failure instanceof VertxException) {
            return new IOException(failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName(), failure);
        }
        return failure;
    }
}
