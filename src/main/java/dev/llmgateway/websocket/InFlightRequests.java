package dev.llmgateway.websocket;

import dev.llmgateway.stream.Cancellation;
import dev.llmgateway.stream.ChatStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chat requests running on each WebSocket connection, by client id, so that {@code cancel}
 * and a closed connection can stop them. A cancel may arrive before the backend has answered: its
 * {@link Cancellation} then stops the backend call at once, and the stream is cancelled the moment
 * it is attached.
 */
final class InFlightRequests {

    private final Map<String, Map<String, Request>> byConnection = new ConcurrentHashMap<>();
    private final Set<String> open = ConcurrentHashMap.newKeySet();

    private static final class Request {
        private final Cancellation cancellation;
        private volatile ChatStream stream;
        private volatile boolean cancelled;

        Request(Cancellation cancellation) {
            this.cancellation = cancellation;
        }

        void cancel() {
            cancelled = true;
            ChatStream current = stream;
            if (current != null) {
                current.cancel();
            }
            cancellation.cancel();
        }
    }

    /** Registers a request; false when one with this id is already running on the connection. */
    boolean start(String connection, String id, Cancellation cancellation) {
        boolean[] added = {false};
        byConnection.compute(connection, (key, requests) -> {
            Map<String, Request> map = requests == null ? new ConcurrentHashMap<>() : requests;
            added[0] = map.putIfAbsent(id, new Request(cancellation)) == null;
            return map;
        });
        return added[0];
    }

    /** Links the backend's stream to the request; cancels it at once if the request is gone. */
    void attach(String connection, String id, ChatStream stream) {
        Map<String, Request> requests = byConnection.get(connection);
        Request request = requests == null ? null : requests.get(id);
        if (request == null) {
            stream.cancel();                 // the connection closed while the backend was called
            return;
        }
        request.stream = stream;
        if (request.cancelled) {
            stream.cancel();
        }
    }

    /** Cancels a running request; false when there is none with this id. */
    boolean cancel(String connection, String id) {
        Map<String, Request> requests = byConnection.get(connection);
        Request request = requests == null ? null : requests.get(id);
        if (request == null) {
            return false;
        }
        request.cancel();
        return true;
    }

    void finish(String connection, String id) {
        byConnection.computeIfPresent(connection, (key, requests) -> {
            requests.remove(id);
            return requests.isEmpty() ? null : requests;
        });
    }

    void openConnection(String connection) {
        open.add(connection);
    }

    boolean isOpen(String connection) {
        return connection != null && open.contains(connection);
    }

    /** The client went away: stop everything it was still receiving. */
    void closeConnection(String connection) {
        open.remove(connection);
        Map<String, Request> requests = byConnection.remove(connection);
        if (requests != null) {
            requests.values().forEach(Request::cancel);
        }
    }

    int running() {
        return byConnection.values().stream().mapToInt(Map::size).sum();
    }
}
