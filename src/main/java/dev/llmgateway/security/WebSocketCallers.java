package dev.llmgateway.security;

import dev.llmgateway.keys.VirtualKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;

/**
 * The gateway key each WebSocket connection presented at its handshake, by the connection's remote
 * address (host:port, one TCP connection): the frames' exchanges carry that address but not the
 * handshake's headers. {@link WebSocketGate} notes the key; the channel reads it for every chat
 * frame and forgets it when the connection closes.
 */
public final class WebSocketCallers {

    private static final String NAME = "llmWebSocketCallers";

    private final Map<String, VirtualKey> byRemoteAddress = new ConcurrentHashMap<>();

    /** The one instance of a CamelContext. */
    public static WebSocketCallers of(CamelContext context) {
        synchronized (context.getRegistry()) {
            WebSocketCallers callers = context.getRegistry().lookupByNameAndType(NAME, WebSocketCallers.class);
            if (callers == null) {
                callers = new WebSocketCallers();
                context.getRegistry().bind(NAME, callers);
            }
            return callers;
        }
    }

    void opened(Object remoteAddress, VirtualKey key) {
        byRemoteAddress.put(String.valueOf(remoteAddress), key);
    }

    /** The key of the connection at that address; null when none was noted (no gate in front). */
    public VirtualKey of(Object remoteAddress) {
        return byRemoteAddress.get(String.valueOf(remoteAddress));
    }

    public void closed(Object remoteAddress) {
        byRemoteAddress.remove(String.valueOf(remoteAddress));
    }
}
