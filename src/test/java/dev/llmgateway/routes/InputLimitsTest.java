package dev.llmgateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Oversized bodies, too many messages, mistyped fields and oversized WebSocket frames are refused clearly. */
class InputLimitsTest extends GatewayTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("camel.server.maxBodySize", "2000");
        properties.put("gateway.limits.maxMessages", "3");
        properties.put("gateway.limits.maxWebSocketMessage", "4096");
        return properties;
    }

    @Test
    void should_refuse_a_body_over_the_limit_with_413_in_the_callers_dialect() throws Exception {
        String big = "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(3000) + "\"}]}";

        HttpResponse<String> openAi = postJson("/v1/chat/completions", big);
        HttpResponse<String> ollama = postJson("/api/chat", big);

        assertThat(openAi.statusCode()).isEqualTo(413);
        assertThat(Json.parse(openAi.body()).at("/error/code").asText()).isEqualTo("request_too_large");
        assertThat(Json.parse(openAi.body()).at("/error/message").asText()).contains("at most 2000");
        assertThat(ollama.statusCode()).isEqualTo(413);
        assertThat(Json.parse(ollama.body()).path("error").asText()).contains("camel.server.maxBodySize");
    }

    @Test
    void should_refuse_a_chunked_body_over_the_limit_in_the_callers_dialect() throws Exception {
        String big = "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(3000) + "\"}]}";
        String chunked = Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n";

        String anthropic = RawHttp.exchange(port, "POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked);

        assertThat(RawHttp.status(anthropic)).isEqualTo(413);
        assertThat(anthropic).containsIgnoringCase("Content-Type: application/json");
        assertThat(Json.parse(RawHttp.body(anthropic)).at("/error/type").asText()).isEqualTo("request_too_large");
    }

    @Test
    void should_refuse_too_many_messages() throws Exception {
        String message = "{\"role\":\"user\",\"content\":\"Hi\"}";
        HttpResponse<String> reply = postJson("/v1/chat/completions",
                "{\"model\":\"llama3.2\",\"messages\":[" + String.join(",", message, message, message, message) + "]}");

        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(Json.parse(reply.body()).at("/error/message").asText())
                .isEqualTo("messages: 4 messages; this gateway takes at most 3 (gateway.limits.maxMessages)");
    }

    @Test
    void should_name_the_place_of_a_bad_value() throws Exception {
        HttpResponse<String> role = postJson("/v1/chat/completions", """
                {"model":"llama3.2","messages":[{"role":"user","content":"Hi"},{"role":"robot","content":"Beep"}]}""");
        HttpResponse<String> ollamaRole = postJson("/api/chat", """
                {"model":"llama3.2","messages":[{"role":"user","content":"Hi"},{"role":"robot","content":"Beep"}]}""");
        HttpResponse<String> temperature = postJson("/v1/chat/completions", """
                {"model":"llama3.2","temperature":"hot","messages":[{"role":"user","content":"Hi"}]}""");
        HttpResponse<String> stream = postJson("/api/chat", """
                {"model":"llama3.2","stream":"yes","messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(role.statusCode()).isEqualTo(400);
        assertThat(Json.parse(role.body()).at("/error/message").asText()).isEqualTo("messages[1]: unknown message role 'robot'");
        assertThat(Json.parse(ollamaRole.body()).path("error").asText()).isEqualTo("messages[1]: unknown message role 'robot'");
        assertThat(Json.parse(temperature.body()).at("/error/message").asText()).isEqualTo("'temperature' must be a number, not \"hot\"");
        assertThat(stream.statusCode()).isEqualTo(400);
        assertThat(Json.parse(stream.body()).path("error").asText()).isEqualTo("'stream' must be true or false, not \"yes\"");
    }

    @Test
    void should_close_a_websocket_that_sends_a_message_over_the_limit() throws Exception {
        // a plain socket, so that what the server does is seen as it happens: the JDK's WebSocket
        // client reads only on demand and sometimes reported a dropped connection late or never
        try (Socket socket = new Socket("localhost", wsPort)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");

            byte[] message = ("{\"type\":\"chat\",\"id\":\"big\",\"messages\":[{\"role\":\"user\",\"content\":\""
                    + "x".repeat(10_000) + "\"}]}").getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x81);                                         // FIN, text
            frame.write(0x80 | 126);                                   // masked, 16-bit length
            frame.write(message.length >> 8);
            frame.write(message.length & 0xff);
            frame.write(new byte[4]);                                  // mask 0: the payload as is
            frame.write(message);
            try {
                out.write(frame.toByteArray());
                out.flush();
            } catch (IOException closedWhileSending) {
                return;                                                // the server already dropped it
            }

            // Netty answers a close frame with 1009 (message too big) and drops the connection; the
            // gateway's status frame, sent when the connection opened, may come first
            byte[] rest = in.readAllBytes();
            int at = 0;
            while (at + 2 <= rest.length && (rest[at] & 0x0f) != 0x8) {
                int length = rest[at + 1] & 0x7f;
                int header = length == 126 ? 4 : length == 127 ? 10 : 2;
                if (length == 126) {
                    length = ((rest[at + 2] & 0xff) << 8) | (rest[at + 3] & 0xff);
                } else if (length == 127) {
                    length = (int) java.nio.ByteBuffer.wrap(rest, at + 2, 8).getLong();
                }
                at += header + length;
            }
            if (at + 4 <= rest.length) {
                assertThat(((rest[at + 2] & 0xff) << 8) | (rest[at + 3] & 0xff)).isEqualTo(1009);
            }
        } catch (SocketException reset) {
            // the connection was reset: dropped, as it should be
        }
    }
}
