package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression of issue 16: 900 connections that trickled their headers or bodies were never
 * closed. With 2 s limits, slow clients are closed within them while a normal chat, and a reply
 * that is silent for longer than every limit, still go through.
 */
class SlowClientsTest extends GatewayTestSupport {

    private static final int SLOW_CLIENTS = 900;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("gateway.http.idleTimeout", "2s");
        properties.put("gateway.http.headerTimeout", "2s");
        properties.put("gateway.http.bodyTimeout", "2s");
        properties.put("gateway.http.maxConnectionsPerClient", "2000");
        return properties;
    }

    @BeforeEach
    void stubASlowModel() {
        // silent for 4 s before its answer: longer than every client limit, which must not apply to replies
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withFixedDelay(4000)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Slow but sure.\"},"
                        + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,\"eval_count\":4}")));
    }

    @Test
    void should_close_900_slow_clients_within_the_limits_while_a_chat_still_answers() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket("127.0.0.1", i % 3 == 2 ? wsPort : port);
                socket.setSoTimeout(50);
                String start = switch (i % 3) {
                    case 0 -> "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n";          // trickles headers
                    case 1 -> "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000\r\n\r\n{\"model\":";                                // trickles its body
                    default -> "GET /ws HTTP/1.1\r\nHost: localhost\r\n";                            // a WebSocket handshake
                };
                socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            long started = System.nanoTime();

            String chat = RawHttp.post(port, "localhost", "/v1/chat/completions", "application/json",
                    "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

            assertThat(RawHttp.status(chat)).as("a chat silent for 4 s, beside 900 slow clients").isEqualTo(200);
            assertThat(chat).contains("Slow but sure.");
            List<Socket> open = new ArrayList<>(slow);
            while (!open.isEmpty() && System.nanoTime() - started < 8_000_000_000L) {
                for (Socket socket : new ArrayList<>(open)) {
                    trickle(socket);                            // one byte more: never done, never silent
                    if (closedByServer(socket)) {
                        open.remove(socket);
                    }
                }
                Thread.sleep(200);
            }
            assertThat(open).as("slow clients still open after 8 s").isEmpty();
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void should_answer_408_to_a_request_whose_headers_never_end() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(6000);
            socket.getOutputStream().write("GET /api/status HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();

            String answer = RawHttp.readAll(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(1500L, 4000L);
        }
    }

    @Test
    void should_close_an_idle_kept_alive_connection_but_serve_it_while_it_works() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(6000);
            for (int i = 0; i < 3; i++) {                      // keep-alive: three requests, a second apart
                socket.getOutputStream().write("GET /api/version HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponseHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
                Thread.sleep(1000);
            }
            long idleSince = System.nanoTime();

            int read = socket.getInputStream().read();

            assertThat(read).as("closed by the server").isEqualTo(-1);
            assertThat((System.nanoTime() - idleSince) / 1_000_000).isBetween(500L, 4000L);
        }
    }

    private static void trickle(Socket socket) {
        try {
            socket.getOutputStream().write('x');
        } catch (IOException closed) {
            // the server closed it: closedByServer will see
        }
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[512];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                // a 408 first, then the end
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static String readResponseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.read());
        }
        String text = head.toString();
        int length = Integer.parseInt(text.replaceAll("(?s).*[Cc]ontent-[Ll]ength: (\\d+).*", "$1"));
        in.readNBytes(length);
        return text;
    }
}
