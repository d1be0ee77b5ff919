package dev.llmgateway.vertx;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code gateway.http.maxConnectionsPerClient} open connections from one client address;
 * the next one is answered 503 and closed before its request is read. One client can then hold at
 * most that many of the gateway's file descriptors, however slowly it sends.
 */
final class ConnectionsPerClient {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerClient.class);

    private final int max;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    ConnectionsPerClient(int max) {
        this.max = max;
    }

    /** Counts the new connection until it closes; false (and closed) when its client has too many. */
    boolean admit(Channel channel) {
        if (max <= 0) {
            return true;
        }
        String client = address(channel.remoteAddress());
        int now = open.merge(client, 1, Integer::sum);
        channel.closeFuture().addListener(closed -> open.computeIfPresent(client, (key, count) -> count == 1 ? null : count - 1));
        if (now <= max) {
            return true;
        }
        if (now == max + 1) {
            LOG.warn("Client {} holds {} connections (gateway.http.maxConnectionsPerClient); refusing more", client, max);
        }
        String body = "{\"error\":{\"message\":\"too many connections from this address (at most " + max
                + ", gateway.http.maxConnectionsPerClient)\",\"type\":\"overloaded\",\"code\":\"too_many_connections\"}}";
        // from the pipeline's first handler: raw bytes, past Vert.x's HTTP encoder
        channel.pipeline().firstContext().writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                + "Retry-After: 1\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
                StandardCharsets.ISO_8859_1)).addListener(ChannelFutureListener.CLOSE);
        return false;
    }

    private static String address(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }
}
