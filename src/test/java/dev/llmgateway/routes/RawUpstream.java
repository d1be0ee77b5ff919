package dev.llmgateway.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A backend written by hand on a socket, for what WireMock cannot do: trickle its status line and
 * headers byte by byte, or stay silent and tell when the gateway gave up (closed the connection).
 * A GET (model discovery) gets an empty model list; the first POST gets the given behaviour.
 */
final class RawUpstream implements AutoCloseable {

    interface Behaviour {
        void serve(OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    /** Completes, with the time in nanos, when the gateway closes the connection of the first chat. */
    final CompletableFuture<Long> closedByGateway = new CompletableFuture<>();

    RawUpstream(Behaviour behaviour) throws IOException {
        this.server = new ServerSocket(0);
        this.behaviour = behaviour;
        Thread acceptor = new Thread(this::accept, "raw-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "raw-upstream-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = readRequest(in);
            if (head.startsWith("GET")) {
                String models = "{\"data\":[],\"models\":[]}";
                write(socket.getOutputStream(), "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + models.length() + "\r\nConnection: close\r\n\r\n" + models);
                return;
            }
            Thread answer = new Thread(() -> {
                try {
                    behaviour.serve(socket.getOutputStream());
                } catch (IOException | InterruptedException stopped) {
                    // the gateway went away
                }
            }, "raw-upstream-answer");
            answer.setDaemon(true);
            answer.start();
            socket.setSoTimeout(20_000);
            try {
                while (in.read() >= 0) {
                    // nothing more comes from the gateway but its end
                }
            } catch (SocketTimeoutException stillOpen) {
                return;
            } catch (IOException reset) {
                // closed the hard way: closed all the same
            }
            closedByGateway.complete(System.nanoTime());
        } catch (IOException e) {
            closedByGateway.completeExceptionally(e);
        }
    }

    /** Reads the request line, headers and a Content-Length body; returns the head. */
    private static String readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        String lower = head.toString().toLowerCase();
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
            in.readNBytes(length);
        }
        return head.toString();
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
