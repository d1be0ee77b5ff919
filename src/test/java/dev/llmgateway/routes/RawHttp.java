package dev.llmgateway.routes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written by hand, for what HTTP clients will not send: a foreign {@code Host}, both
 * {@code Transfer-Encoding} and {@code Content-Length}, headers that trickle in.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** Sends the request text as is and returns everything the server wrote until it closed or went quiet for 10 s. */
    static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException quiet) {
            // the server keeps the connection open: what came so far is the answer
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    /** A POST with a JSON body, {@code Host} and extra header lines ({@code "Origin: …"}). */
    static String post(int port, String host, String path, String contentType, String body, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        if (contentType != null) {
            request.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        request.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n").append(body);
        return exchange(port, request.toString());
    }

    static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    static String body(String response) {
        int end = response.indexOf("\r\n\r\n");
        return end < 0 ? "" : response.substring(end + 4);
    }
}
